// The security headers Top Coins sends. Pages get a Content-Security-Policy with a fresh nonce per
// request (set by proxy.ts); every response gets the static headers below; /api/* is a public,
// read-only API that any origin may call.

/** The page policy: only our own origin, scripts only with this request's nonce, never eval. */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonced bootstrap load Next's chunks; dev tooling needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React style attributes and Next's inlined CSS carry no nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
}

/** A nonce: 128 random bits, base64. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** Sent with every response, pages and API alike. */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
];

/** The API is public and read-only: any origin may GET it, and read the caching headers. */
export const CORS_HEADERS: readonly { key: string; value: string }[] = [
  { key: "Access-Control-Allow-Origin", value: "*" },
  { key: "Access-Control-Allow-Methods", value: "GET, HEAD, OPTIONS" },
  { key: "Access-Control-Allow-Headers", value: "Accept, If-None-Match, X-Request-Id" },
  { key: "Access-Control-Expose-Headers", value: "ETag, Retry-After, X-Request-Id, RateLimit, RateLimit-Policy" },
  { key: "Access-Control-Max-Age", value: "86400" },
];
