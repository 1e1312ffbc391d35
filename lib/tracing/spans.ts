// Span helpers over the OpenTelemetry API. Without a registered tracer provider (tracing off) the
// API hands out a no-op tracer: these helpers then cost a function call and an object, nothing more.
import { type Attributes, type Span, type SpanOptions, SpanStatusCode, trace } from "@opentelemetry/api";

/** Attribute names of our own; the HTTP ones follow the OpenTelemetry semantic conventions. */
export const ATTR = {
  role: "topcoins.role",
  provider: "topcoins.provider",
  endpoint: "topcoins.endpoint",
  outcome: "topcoins.outcome",
  items: "topcoins.items",
  snapshotId: "topcoins.snapshot_id",
  rankingSnapshotId: "topcoins.ranking.snapshot_id",
  pricingSnapshotId: "topcoins.pricing.snapshot_id",
  attempt: "topcoins.attempt",
  requestId: "topcoins.request_id",
  httpRoute: "http.route",
  httpMethod: "http.request.method",
  httpStatus: "http.response.status_code",
  urlPath: "url.path",
  serverAddress: "server.address",
  errorType: "error.type",
} as const;

export function tracer() {
  return trace.getTracer("topcoins");
}

/**
 * Marks a span failed: status ERROR, the error as an exception event, and `error.type`: the
 * error's `kind` when it has one (an UpstreamError's auth, quota, …), else its name.
 */
export function failSpan(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  const kind = (error as { kind?: unknown } | null)?.kind;
  span.setAttribute(ATTR.errorType, typeof kind === "string" ? kind : error instanceof Error ? error.name : "error");
}

/** Runs `fn` in a new active span and ends it; a thrown error marks the span failed and is rethrown. */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** inSpan for synchronous work. */
export function inSpanSync<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  return tracer().startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
