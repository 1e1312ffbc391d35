import { handlePrice } from "@/lib/web/price-handler";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ coin: string }> }): Promise<Response> {
  const { coin } = await params;
  return handlePrice(request, await readyViewStore(), coin);
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
