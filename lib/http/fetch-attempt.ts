// One HTTP attempt: fetch, cap the body, parse JSON, classify. Every failure leaves here as an
// UpstreamError, so the retry loop in fetch-json.ts only has to look at `retryable`.
import { UpstreamError, type UpstreamErrorKind } from "./errors";
import type { FetchJsonRequest } from "./fetch-json";
import { describeNonJson, readBodyCapped } from "./read-body";
import { honoursRetryAfter, parseRetryAfter } from "./retry-policy";

export interface AttemptResult {
  body: unknown;
  status: number;
  headers: Headers;
}

type AttemptRequest = FetchJsonRequest & { signal: AbortSignal };

export async function attemptFetch(request: AttemptRequest): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  const fail: Fail = (kind, message, status) =>
    new UpstreamError({ kind, provider: request.provider, endpoint: request.endpoint, message, status });

  let response: Response;
  let text: string;
  try {
    // Never follow redirects: fetch would replay custom key headers (X-CMC_PRO_API_KEY) to
    // whatever host the Location names. A 3xx surfaces as bad_response instead.
    response = await fetch(request.url, { headers: request.headers, signal, redirect: "manual" });
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > request.maxBodyBytes) {
      response.body?.cancel().catch(() => undefined);
      throw fail(
        "bad_response",
        `body exceeds ${request.maxBodyBytes} bytes (Content-Length ${declared})`,
        response.status,
      );
    }
    const read = await readBodyCapped(response.body, request.maxBodyBytes);
    if (!read.ok) throw fail("bad_response", `body exceeds ${request.maxBodyBytes} bytes`, response.status);
    text = read.text;
  } catch (caught) {
    if (caught instanceof UpstreamError) throw caught;
    throw transportError(caught, request, timeout, fail);
  }

  const { status, headers } = response;
  const parsed = parseJson(text);
  const error = parsed.ok
    ? classifyBody(request, status, headers, parsed.body, fail)
    : nonJsonError(status, text, fail);
  if (error === null && parsed.ok) return { body: parsed.body, status, headers };
  const thrown = error ?? fail("bad_response", `HTTP ${status}`, status);
  thrown.status ??= status;
  const headerWait = honoursRetryAfter(status) ? parseRetryAfter(headers.get("retry-after"), Date.now()) : undefined;
  // Take the longer of the provider's own rule (e.g. "until midnight") and the header.
  if (headerWait !== undefined) thrown.retryAfterMs = Math.max(thrown.retryAfterMs ?? 0, headerWait);
  throw thrown;
}

type Fail = (kind: UpstreamErrorKind, message: string, status?: number) => UpstreamError;

function parseJson(text: string): { ok: true; body: unknown } | { ok: false } {
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function nonJsonError(status: number, text: string, fail: Fail): UpstreamError {
  const message = `HTTP ${status} with ${describeNonJson(text)}`;
  // A 5xx/429 HTML page is the outage or the limit talking; a 2xx one is a broken answer.
  return fail(isSuccess(status) ? "bad_response" : kindForStatus(status), message, status);
}

function classifyBody(
  request: AttemptRequest,
  status: number,
  headers: Headers,
  body: unknown,
  fail: Fail,
): UpstreamError | null {
  // Providers put errors in bodies even on HTTP 200, so the classifier always gets the first word.
  const classified = request.classify({ status, headers, body });
  if (classified !== null) return classified;
  if (isSuccess(status)) return null;
  return fail(kindForStatus(status), `HTTP ${status}`, status);
}

/** The generic reading of a status line when the provider's body says nothing more precise. */
export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "bad_response";
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function transportError(caught: unknown, request: AttemptRequest, timeout: AbortSignal, fail: Fail): UpstreamError {
  if (timeout.aborted) return fail("unavailable", `timed out after ${request.timeoutMs} ms`);
  if (request.signal.aborted) return fail("unavailable", "request aborted by caller");
  return fail("unavailable", `network error (${describeCause(caught)})`);
}

// undici hides the useful part (ECONNRESET, UND_ERR_SOCKET) in `cause`; its messages carry no URL,
// but we still report only the code or the error's name, never a free-text message.
function describeCause(caught: unknown): string {
  let current: unknown = caught;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    current = current.cause;
  }
  if (caught instanceof Error && caught.message === "terminated") return "connection closed mid-body";
  return caught instanceof Error ? caught.name : "unknown";
}
