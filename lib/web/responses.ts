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

/** For the methods a read-only route does not serve. */
export function methodNotAllowed(allow = "GET, HEAD") {
  return errorResponse(405, "method_not_allowed", `this route answers ${allow} only`, { allow });
}

/** Seconds until a web client should revalidate data refreshed every `refreshSeconds`. */
export function cacheControlFor(refreshSeconds: number): string {
  const maxAge = Math.max(1, Math.floor(refreshSeconds / 2));
  return `public, max-age=${maxAge}, stale-while-revalidate=${refreshSeconds}`;
}
