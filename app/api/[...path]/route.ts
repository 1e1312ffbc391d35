// Any /api path no route claims: a JSON 404 in the standard error shape, whatever the method, so
// API clients never get the HTML "not found" page.
import { errorResponse } from "@/lib/web/responses";

export const dynamic = "force-dynamic";

function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  const shown = pathname.length > 80 ? `${pathname.slice(0, 80)}…` : pathname;
  return errorResponse(404, "not_found", `no API route ${JSON.stringify(shown)}; see /api/top, /api/health`);
}

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
