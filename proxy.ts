// `/` serves the page to browsers and the CSV top list to everything else (curl, scripts),
// as in `curl 'localhost:3000/?limit=5'`. The rewrite lands on the same /api/top handler.
import { type NextRequest, NextResponse } from "next/server";
import { wantsHtml } from "@/lib/web/negotiate";

export function proxy(request: NextRequest): NextResponse {
  const accept = request.headers.get("accept");
  if (wantsHtml(accept)) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/api/top";
  // CSV unless the client asked for JSON. Said through Accept, because the handler may see the
  // original query string rather than the rewritten one; `format` in the query still wins.
  const headers = new Headers(request.headers);
  if (!/application\/json/i.test(accept ?? "")) headers.set("accept", "text/csv");
  return NextResponse.rewrite(url, { request: { headers } });
}

export const config = { matcher: "/" };
