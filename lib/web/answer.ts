// One answer (status, headers, body bytes) for the hot read endpoints, shared by the Next route
// handlers and the web server's fast path. Bodies and their gzip and brotli variants are prepared
// once per view and kept on globalThis: Next loads this module once per route bundle, and the
// fast path is one more copy.
import { type Coding, compress, directCoding, nextCoding, type Transport } from "./encoding";

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** The bytes to send (a HEAD answer sends the headers only); null for a 304. */
  body: Buffer | null;
  /** The coding of the body as sent; "deflate": only Next can send it (the fast path leaves it to Next). */
  coding: Coding;
}

/** What an answer depends on: the method, the URL, a few request headers and who sends it. */
export interface AnswerRequest {
  method: string;
  url: URL;
  header(name: "accept" | "accept-encoding" | "if-none-match"): string | null;
  transport: Transport;
}

/** A body, its compressed variants built on first use; each coding has its own ETag (RFC 9110 8.8.3). */
export class EncodedBody {
  private readonly variants = new Map<"br" | "gzip", Buffer>();

  constructor(
    readonly identity: Buffer,
    /** The ETag's opaque part, without quotes (a coding adds its suffix); null: no ETag, no 304. */
    readonly tag: string | null,
  ) {}

  variant(coding: Coding): Buffer {
    if (coding !== "br" && coding !== "gzip") return this.identity;
    let body = this.variants.get(coding);
    if (!body) {
      body = compress(this.identity, coding);
      this.variants.set(coding, body);
    }
    return body;
  }

  etagFor(coding: Coding): string | null {
    if (this.tag === null) return null;
    return coding === "identity" ? `"${this.tag}"` : `"${this.tag}-${coding}"`;
  }

  /**
   * If-None-Match against any coding of this body: they all carry the same content, so a client
   * holding one (the page's initial ETag is the identity one) may revalidate with it. Weak
   * comparison, as RFC 9110 asks for 304s.
   */
  matches(ifNoneMatch: string | null): boolean {
    if (!ifNoneMatch || this.tag === null) return false;
    if (ifNoneMatch.trim() === "*") return true;
    const tags = new Set(["", "-gzip", "-deflate", "-br"].map((suffix) => `${this.tag}${suffix}`));
    return ifNoneMatch
      .split(",")
      .some((candidate) => tags.has(candidate.trim().replace(/^W\//, "").replace(/^"|"$/g, "")));
  }
}

/** The answer for a body: the variant the client takes, or a 304 when its ETag matches. */
export function encodedAnswer(
  request: AnswerRequest,
  status: number,
  encoded: EncodedBody,
  headers: Record<string, string>,
  contentType: string,
): Answer {
  const acceptEncoding = request.header("accept-encoding");
  // Next never compresses a HEAD answer; the fast path answers HEAD alike.
  const coding: Coding =
    request.method === "HEAD"
      ? "identity"
      : request.transport === "next"
        ? nextCoding(acceptEncoding)
        : directCoding(acceptEncoding);
  const etag = encoded.etagFor(coding);
  const common = etag === null ? headers : { ...headers, etag };
  if (status === 200 && encoded.matches(request.header("if-none-match"))) {
    return { status: 304, headers: common, body: null, coding: "identity" };
  }
  if (request.transport === "next") {
    // Next compresses it on the way out, and would drop our Content-Encoding and Content-Length.
    return { status, headers: { ...common, "content-type": contentType }, body: encoded.identity, coding };
  }
  const body = encoded.variant(coding);
  return {
    status,
    headers: {
      ...common,
      "content-type": contentType,
      ...(coding === "identity" ? {} : { "content-encoding": coding }),
      "content-length": String(body.length),
    },
    body,
    coding,
  };
}

export const JSON_TYPE = "application/json; charset=utf-8";

/**
 * The one error shape, `{ error: { code, message } }`, with the headers lib/web/responses.ts sends;
 * `details` adds what the caller needs to ask again (a 409's `candidates`).
 */
export function errorAnswer(
  request: AnswerRequest,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details: Record<string, unknown> = {},
): Answer {
  const body = new EncodedBody(Buffer.from(JSON.stringify({ error: { code, message, ...details } })), null);
  const errorHeaders = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    // Next's compression adds it to every JSON answer; said here so both paths say it alike.
    vary: "Accept-Encoding",
    ...headers,
  };
  return encodedAnswer(request, status, body, errorHeaders, JSON_TYPE);
}

/** The answer as a web Response, for the route handlers. */
export function toResponse(answer: Answer): Response {
  // Node's Buffers sit on plain ArrayBuffers; the cast only narrows the type.
  return new Response(answer.body as Uint8Array<ArrayBuffer> | null, {
    status: answer.status,
    headers: answer.headers,
  });
}

/** An AnswerRequest over a route handler's Request. */
export function answerRequestOf(request: Request): AnswerRequest {
  return {
    method: request.method,
    url: new URL(request.url),
    header: (name) => request.headers.get(name),
    transport: "next",
  };
}
