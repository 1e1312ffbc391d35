import { getConfig } from "@/lib/config";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { handleTop } from "@/lib/web/top-handler";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return handleTop(request, await readyViewStore(), getConfig().RANKING_DEPTH);
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
