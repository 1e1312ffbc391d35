// One upstream attempt, observed: a client span, the upstream request metrics (one count per
// attempt, so retries show) and the caller's onAttempt. Kept apart from the retry loop in fetch-json.ts.
import { SpanKind } from "@opentelemetry/api";
import { observeUpstreamAttempt } from "../metrics/upstream";
import { ATTR, inSpan } from "../tracing/spans";
import { UpstreamError } from "./errors";
import { type AttemptResult, attemptFetch } from "./fetch-attempt";
import type { FetchJsonRequest } from "./fetch-json";

/** Runs one attempt; a failure leaves as an UpstreamError with its secrets redacted and `attempts` set. */
export function observedAttempt(
  request: FetchJsonRequest & { signal: AbortSignal },
  attempt: number,
  secrets: readonly string[],
): Promise<AttemptResult> {
  const { provider, endpoint } = request;
  const target = urlParts(request.url);
  const attributes = {
    [ATTR.provider]: provider,
    [ATTR.endpoint]: endpoint,
    [ATTR.attempt]: attempt,
    [ATTR.httpMethod]: "GET",
    // The path only: query strings can carry keys.
    [ATTR.serverAddress]: target.host,
    [ATTR.urlPath]: target.path,
  };
  return inSpan(`GET ${provider} ${endpoint}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const startedAt = performance.now();
    try {
      const result = await attemptFetch(request);
      const durationMs = performance.now() - startedAt;
      span.setAttributes({ [ATTR.httpStatus]: result.status, [ATTR.outcome]: "ok" });
      observeUpstreamAttempt({ provider, endpoint, outcome: "ok", durationMs });
      request.onAttempt?.({ attempt, durationMs, status: result.status });
      return result;
    } catch (caught) {
      const durationMs = performance.now() - startedAt;
      if (!(caught instanceof UpstreamError)) {
        observeUpstreamAttempt({ provider, endpoint, outcome: "error", durationMs });
        throw caught;
      }
      const error = caught.redact(secrets);
      error.attempts = attempt;
      // Every caller left (shutdown): not the provider's failure.
      const outcome = request.signal.aborted ? "aborted" : error.kind;
      if (error.status !== undefined) span.setAttribute(ATTR.httpStatus, error.status);
      span.setAttribute(ATTR.outcome, outcome);
      observeUpstreamAttempt({ provider, endpoint, outcome, durationMs });
      request.onAttempt?.({ attempt, durationMs, status: error.status, error });
      throw error;
    }
  });
}

function urlParts(url: string): { host: string; path: string } {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, path: parsed.pathname };
  } catch {
    return { host: "", path: "" };
  }
}
