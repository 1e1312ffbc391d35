// Two jobs before a request reaches its route:
// - `/` serves the page to browsers and the CSV top list to everything else (curl, scripts), as in
//   `curl 'localhost:3000/?limit=5'`. The rewrite lands on the same /api/top handler.
// - Every page gets a Content-Security-Policy with a fresh nonce. Next reads the nonce from the
//   request's policy and puts it on its own scripts; the layout puts it on the theme script.
import { type NextRequest, NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { parseMarketLimit } from "@/lib/ui/market/liquidity";
import { wantsHtml, wantsPage } from "@/lib/web/negotiate";
import { contentSecurityPolicy, createNonce } from "@/lib/web/security-headers";
import { parseLimit, parseVs } from "@/lib/web/top-query";

export function proxy(request: NextRequest): NextResponse {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname === "/" && !wantsPage(request.headers, searchParams)) return rewriteToCsv(request);

  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  // The pages explain a bad limit or currency themselves; the status says it too, as the API's would.
  const badQuery = wantsHtml(request.headers.get("accept")) && badPageQuery(pathname, searchParams);
  const response = NextResponse.next({ request: { headers }, ...(badQuery ? { status: 400 } : {}) });
  response.headers.set("content-security-policy", policy);
  return response;
}

function isError(value: string | null | object): boolean {
  return value !== null && typeof value === "object";
}

/** True when `/` or `/market` is asked for with a parameter its page refuses. */
function badPageQuery(pathname: string, params: URLSearchParams): boolean {
  if (pathname === "/") {
    return typeof parseLimit(params, getConfig().RANKING_DEPTH) !== "number" || isError(parseVs(params));
  }
  if (pathname === "/market") {
    const limits = params.getAll("limit");
    return "error" in parseMarketLimit(limits.length === 0 ? undefined : limits.join(","));
  }
  return false;
}

function rewriteToCsv(request: NextRequest): NextResponse {
  const accept = request.headers.get("accept");
  const url = request.nextUrl.clone();
  url.pathname = "/api/top";
  // CSV unless the client asked for JSON. Said through Accept, because the handler may see the
  // original query string rather than the rewritten one; `format` in the query still wins.
  const headers = new Headers(request.headers);
  if (!/application\/json/i.test(accept ?? "")) headers.set("accept", "text/csv");
  return NextResponse.rewrite(url, { request: { headers } });
}

// Pages only: not the API, not Next's static files. Requests from Next's router (client
// navigations, router.refresh) carry `rsc` and skip the proxy: they are not documents.
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [{ type: "header", key: "rsc" }],
    },
  ],
};
