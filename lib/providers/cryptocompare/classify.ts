// Reads CryptoCompare's error envelope (`Response: "Error"`, by `Type`), which usually comes
// with HTTP 200, so the status line alone would call it a success.
import { UpstreamError, type UpstreamErrorKind } from "../../http/errors";
import type { ClassifyInput } from "../../http/fetch-json";
import { msUntilNextUtcMidnight, msUntilNextUtcMonth } from "../shared/reset-times";
import { type CcError, ccErrorSchema } from "./schema";

export const CC_PROVIDER = "cryptocompare";

/** The error label for a toplist, e.g. "top/totalvolfull". */
export function toplistEndpoint(toplist: string): string {
  return `top/${toplist}`;
}

function mapType(type: number, error: CcError): { kind: UpstreamErrorKind; detail: string } {
  const message = error.Message ?? "no message";
  switch (type) {
    case 99:
      return { kind: "rate_limited", detail: message };
    case 1:
      return { kind: "auth", detail: message };
    case 2:
      return { kind: "bad_response", detail: `bad parameter ${error.ParamWithError ?? "(unnamed)"}: ${message}` };
    case 0:
      return { kind: "bad_response", detail: `path does not exist: ${message}` };
    default:
      return { kind: "bad_response", detail: message };
  }
}

// Longest window first: when the month is spent, a per-second pause will not help.
const WINDOWS = ["month", "day", "hour", "minute", "second"] as const;
type Window = (typeof WINDOWS)[number];

/**
 * How long a Type 99 error says to wait, from `RateLimit.calls_made` vs `max_calls`. Hour and
 * shorter windows give their length (an upper bound: they may be rolling); day and month assume
 * UTC calendar resets. Undefined when the body does not say which window is spent.
 */
export function rateLimitWaitMs(error: CcError, now: Date): number | undefined {
  const made = error.RateLimit?.calls_made;
  const max = error.RateLimit?.max_calls;
  if (made === undefined || max === undefined) return undefined;
  const spent = WINDOWS.find((window) => {
    const used = made[window];
    const limit = max[window];
    return used !== undefined && limit !== undefined && used >= limit;
  });
  return spent === undefined ? undefined : windowWaitMs(spent, now);
}

function windowWaitMs(window: Window, now: Date): number {
  switch (window) {
    case "month":
      return msUntilNextUtcMonth(now);
    case "day":
      return msUntilNextUtcMidnight(now);
    case "hour":
      return 3_600_000;
    case "minute":
      return 60_000;
    case "second":
      return 1_000;
  }
}

/**
 * Keyless calls get HTTP 401 since 2026-05: whatever the Type says, that is an auth problem. An
 * envelope on a 5xx or 429 status line whose Type names no auth or rate limit (Type 0 on a 500) is
 * the outage or the limit talking: reading it as a bad body would stop the retries.
 */
function kindFor(status: number, typeKind: UpstreamErrorKind): UpstreamErrorKind {
  if (status === 401) return "auth";
  if (typeKind !== "bad_response") return typeKind;
  if (status === 429) return "rate_limited";
  return status >= 500 ? "unavailable" : typeKind;
}

/** fetchJson's classifier for CryptoCompare; null lets the generic status rules decide. */
export function classifyCryptoCompare(
  response: ClassifyInput,
  endpoint: string,
  now: Date = new Date(),
): UpstreamError | null {
  const parsed = ccErrorSchema.safeParse(response.body);
  if (!parsed.success) return null;
  const error = parsed.data;
  const mapped = mapType(error.Type, error);
  const kind = kindFor(response.status, mapped.kind);
  return new UpstreamError({
    kind,
    provider: CC_PROVIDER,
    endpoint,
    status: response.status,
    providerCode: error.Type,
    retryAfterMs: kind === "rate_limited" ? rateLimitWaitMs(error, now) : undefined,
    message: `error Type ${error.Type}: ${mapped.detail}`,
  });
}
