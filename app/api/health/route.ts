import { handleHealth } from "@/lib/web/health-handler";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return handleHealth(request, await readyViewStore());
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
