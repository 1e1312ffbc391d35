import { handleMetrics } from "@/lib/metrics/web";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return handleMetrics(await readyViewStore());
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
