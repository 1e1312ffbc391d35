// `/` serves the page to browsers and the CSV top list to everything else (curl, scripts),
// as in `curl 'localhost:3000/?limit=5'`. The rewrite lands on the same /api/top handler.
import { type NextRequest, NextResponse } from "next/server";
import { wantsPage } from "@/lib/web/negotiate";

export function proxy(request: NextRequest): NextResponse {
  if (wantsPage(request.headers, request.nextUrl.searchParams)) return NextResponse.next();
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
