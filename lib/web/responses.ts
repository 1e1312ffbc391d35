// The one error shape, `{ error: { code, message } }`, and shared response helpers.

/** A value as an error message shows it: quoted, cut at 40 characters. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...headers,
    },
  });
}

export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...headers,
    },
  });
}

/** What every API route answers: the reads, and OPTIONS (a CORS preflight, or a client asking). */
export const API_METHODS = "GET, HEAD, OPTIONS";

/** For the methods a read-only route does not serve: 405, and `Allow` says what it does serve. */
export function methodNotAllowed(allow = API_METHODS) {
  return errorResponse(405, "method_not_allowed", `this route answers ${allow} only`, { allow });
}

/**
 * OPTIONS on an API route: 204 with `Allow`, the same methods the 405 names and the CORS headers
 * (every /api answer's, next.config.ts) allow. Without it Next's own answer lists every method the
 * route exports, the refused ones included.
 */
export function allowedMethods(allow = API_METHODS): Response {
  return new Response(null, { status: 204, headers: { allow, "cache-control": "public, max-age=86400" } });
}

/** Seconds until a web client should revalidate data refreshed every `refreshSeconds`. */
export function cacheControlFor(refreshSeconds: number): string {
  const maxAge = Math.max(1, Math.floor(refreshSeconds / 2));
  return `public, max-age=${maxAge}, stale-while-revalidate=${refreshSeconds}`;
}
