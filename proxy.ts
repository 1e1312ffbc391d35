// `/` serves the page to browsers and the CSV top list to everything else (curl, scripts),
// as in `curl 'localhost:3000/?limit=5'`. The rewrite lands on the same /api/top handler.
import { type NextRequest, NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { wantsHtml, wantsPage } from "@/lib/web/negotiate";
import { parseLimit } from "@/lib/web/top-query";

export function proxy(request: NextRequest): NextResponse {
  const { searchParams } = request.nextUrl;
  if (wantsPage(request.headers, searchParams)) {
    // The page explains a bad limit itself; the status says it too, as the API's would.
    const badLimit =
      wantsHtml(request.headers.get("accept")) &&
      typeof parseLimit(searchParams, getConfig().RANKING_DEPTH) !== "number";
    return badLimit ? NextResponse.next({ status: 400 }) : NextResponse.next();
  }
  const accept = request.headers.get("accept");
  const url = request.nextUrl.clone();
  url.pathname = "/api/top";
  // CSV unless the client asked for JSON. Said through Accept, because the handler may see the
  // original query string rather than the rewritten one; `format` in the query still wins.
  const headers = new Headers(request.headers);
  if (!/application\/json/i.test(accept ?? "")) headers.set("accept", "text/csv");
  return NextResponse.rewrite(url, { request: { headers } });
}

// Requests from Next's router (client navigations, router.refresh) skip the proxy altogether.
export const config = { matcher: [{ source: "/", missing: [{ type: "header", key: "rsc" }] }] };
