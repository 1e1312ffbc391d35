// Upstream calls, counted per HTTP attempt (a retried call counts each attempt): that is the load
// the providers see and bill, and a retry storm shows up instead of hiding inside one call.
import { Counter, Histogram } from "prom-client";
import { metricGroup, seconds } from "./registry";

/** "ok", an UpstreamError kind, "aborted" (our own shutdown or caller, not the provider) or "error" (a bug). */
export type UpstreamOutcome =
  | "ok"
  | "auth"
  | "quota"
  | "rate_limited"
  | "bad_response"
  | "unavailable"
  | "aborted"
  | "error";

const LABELS = ["provider", "endpoint", "outcome"] as const;

const upstream = () =>
  metricGroup("upstream", (registry) => ({
    requests: new Counter({
      name: "topcoins_upstream_requests_total",
      help: "HTTP requests to upstream providers, one per attempt, by provider, endpoint and outcome (ok or the error kind).",
      labelNames: LABELS,
      registers: [registry],
    }),
    invalidBodies: new Counter({
      name: "topcoins_upstream_invalid_bodies_total",
      help: "Upstream bodies that arrived (counted ok as requests) but failed their schema: wrong types, a changed shape.",
      labelNames: ["provider", "endpoint"] as const,
      registers: [registry],
    }),
    textSanitized: new Counter({
      name: "topcoins_upstream_text_sanitized_total",
      help: "Upstream text fields (symbol, name, slug, error message, …) by provider, field and outcome: cleaned of control characters, escape sequences or bidi controls, or refused (the coin left out) when a symbol or name had nothing printable.",
      labelNames: ["provider", "field", "outcome"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "topcoins_upstream_request_duration_seconds",
      help: "Duration of one upstream HTTP attempt, headers and body read, by provider, endpoint and outcome.",
      labelNames: LABELS,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  }));

export interface UpstreamAttempt {
  provider: string;
  endpoint: string;
  outcome: UpstreamOutcome;
  durationMs: number;
}

export function observeUpstreamAttempt({ provider, endpoint, outcome, durationMs }: UpstreamAttempt): void {
  const metrics = upstream();
  const labels = { provider, endpoint, outcome };
  metrics.requests.inc(labels);
  metrics.duration.observe(labels, seconds(durationMs));
}

/** A body that arrived but did not match its schema: the request was fine, the data was not. */
export function observeInvalidBody(provider: string, endpoint: string): void {
  upstream().invalidBodies.inc({ provider, endpoint });
}

/** "cleaned": the text was kept without what it must not carry; "refused": nothing printable remained. */
export type TextOutcome = "cleaned" | "refused";

/** An upstream text field neutralized while its body was parsed (lib/providers/shared/text.ts). */
export function observeTextSanitized(provider: string, field: string, outcome: TextOutcome): void {
  upstream().textSanitized.inc({ provider, field, outcome });
}
