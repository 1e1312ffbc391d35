// The API's OpenAPI 3.1 document: built once per process from the contract's schemas, with an ETag.
import { getConfig } from "@/lib/config";
import { openApiBody } from "@/lib/web/openapi";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { etagMatches } from "@/lib/web/top-body";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const { body, etag } = openApiBody(getConfig().RANKING_DEPTH);
  // The document changes only with a deploy (or RANKING_DEPTH): an hour, then revalidated.
  const headers = { etag, "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff" };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, {
    status: 200,
    headers: { ...headers, "content-type": "application/json; charset=utf-8" },
  });
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
