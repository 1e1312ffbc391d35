// Reads CoinMarketCap's `status.error_code`, which is authoritative whatever the HTTP status says.
import { UpstreamError, type UpstreamErrorKind } from "../../http/errors";
import type { ClassifyInput } from "../../http/fetch-json";
import { msUntilNextUtcMidnight, msUntilNextUtcMonth } from "../shared/reset-times";
import { cmcEnvelopeSchema } from "./schema";

export const CMC_PROVIDER = "coinmarketcap";
export const CMC_LISTINGS_ENDPOINT = "listings/latest";

// 1001–1007: key invalid, missing, unpaid, expired, required, plan not authorized, disabled.
// Retrying cannot fix any of them; an operator has to.
const AUTH_CODES: ReadonlySet<number> = new Set([1001, 1002, 1003, 1004, 1005, 1006, 1007]);
// The per-minute window resets every minute, so one minute is the longest honest wait.
const MINUTE_WINDOW_MS = 60_000;

interface Mapping {
  kind: UpstreamErrorKind;
  retryAfterMs?: number;
}

function mapErrorCode(code: number, httpStatus: number, now: Date): Mapping {
  if (AUTH_CODES.has(code)) return { kind: "auth" };
  switch (code) {
    case 1008:
      return { kind: "rate_limited", retryAfterMs: MINUTE_WINDOW_MS };
    case 1009:
      // Daily credits reset at 00:00 UTC.
      return { kind: "quota", retryAfterMs: msUntilNextUtcMidnight(now) };
    case 1010:
      // Monthly credits reset at 00:00 UTC on the 1st (key/info's credit_limit_monthly_reset_timestamp):
      // without this wait the service would spend a call every backoff until then.
      return { kind: "quota", retryAfterMs: msUntilNextUtcMonth(now) };
    case 1011:
      return { kind: "rate_limited" };
  }
  if (httpStatus >= 500) return { kind: "unavailable" };
  if (httpStatus === 429) return { kind: "rate_limited" };
  return { kind: "bad_response" };
}

/**
 * fetchJson's classifier for CoinMarketCap; null lets the generic status rules decide. Every
 * endpoint answers in the same envelope; `endpoint` names the one called in the error.
 */
export function classifyCoinMarketCap(
  response: ClassifyInput,
  now: Date = new Date(),
  endpoint: string = CMC_LISTINGS_ENDPOINT,
): UpstreamError | null {
  const envelope = cmcEnvelopeSchema.safeParse(response.body);
  // No readable envelope: the status line (or the full schema check later) will tell.
  if (!envelope.success) return null;
  const { error_code: code, error_message: detail } = envelope.data.status;
  if (code === 0) return null;
  const mapping = mapErrorCode(code, response.status, now);
  return new UpstreamError({
    ...mapping,
    provider: CMC_PROVIDER,
    endpoint,
    status: response.status,
    providerCode: code,
    message: `error ${code}: ${detail ?? "no message"}`,
  });
}
