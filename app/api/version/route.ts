import type { z } from "zod";
import { packageInfo } from "@/lib/version";
import type { versionBodySchema } from "@/lib/web/contract/bodies";
import { allowedMethods, jsonResponse, methodNotAllowed } from "@/lib/web/responses";

export const dynamic = "force-dynamic";

export function GET(): Response {
  const body: z.infer<typeof versionBodySchema> = { ...packageInfo(), node: process.version };
  return jsonResponse(body, 200, { "cache-control": "public, max-age=60" });
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
