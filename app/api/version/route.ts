import { packageInfo } from "@/lib/version";
import { jsonResponse, methodNotAllowed } from "@/lib/web/responses";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return jsonResponse({ ...packageInfo(), node: process.version }, 200, { "cache-control": "public, max-age=60" });
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
