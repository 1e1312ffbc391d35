import { handleCoin } from "@/lib/web/coin-handler";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return handleCoin(request, await readyViewStore(), id);
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
