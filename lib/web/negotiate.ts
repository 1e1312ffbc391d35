// Content negotiation for `/`: browsers name text/html explicitly; curl sends only a wildcard.
import type { IncomingHttpHeaders } from "node:http";

/** True when the Accept header names text/html (or application/xhtml+xml) with a non-zero q. */
export function wantsHtml(accept: string | null): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type = "", ...params] = range.trim().toLowerCase().split(";");
    if (type !== "text/html" && type !== "application/xhtml+xml") return false;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * True when a request for `/` must reach the page rather than the CSV/JSON list: a browser asking
 * for HTML, or Next's own router fetching the page's server components for a client navigation or
 * a refresh. The router marks those with the `RSC` and `Next-Router-State-Tree` headers and an
 * `_rsc` query parameter, as Next's CDN caching guide documents
 * (https://nextjs.org/docs/app/guides/cdn-caching), and sends no text/html in Accept; Next hides
 * the header from the proxy, so the parameter is what it sees there.
 */
export function wantsPage(headers: Headers, searchParams: URLSearchParams): boolean {
  return (
    searchParams.has("_rsc") ||
    headers.has("rsc") ||
    headers.has("next-router-state-tree") ||
    wantsHtml(headers.get("accept"))
  );
}

/** A node:http request header as fetch's Headers gives it: a header sent twice has its values joined. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/** What wantsPage reads, from a node:http request: for the web server's hooks that run before Next. */
export function pageHeaders(headers: IncomingHttpHeaders): Headers {
  const picked = new Headers();
  for (const name of ["accept", "rsc", "next-router-state-tree"]) {
    const value = headerValue(headers, name);
    if (value !== null) picked.set(name, value);
  }
  return picked;
}
