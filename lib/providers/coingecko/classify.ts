// Reads CoinGecko's error bodies (three JSON shapes) into UpstreamError kinds. Non-JSON answers
// (Cloudflare HTML pages) never reach here: fetchJson reads those by their status line.
import { UpstreamError, type UpstreamErrorKind } from "../../http/errors";
import type { ClassifyInput } from "../../http/fetch-json";
import { type CgError, cgErrorSchema } from "./schema";

export const CG_PROVIDER = "coingecko";
export const CG_MARKETS_ENDPOINT = "coins/markets";
export const CG_CHART_ENDPOINT = "coins/market_chart";
export const CG_COINS_LIST_ENDPOINT = "coins/list";
export const CG_EXCHANGE_RATES_ENDPOINT = "exchange_rates";

// 10010 / 10011: a Pro key sent to the public host, or a Demo key to the Pro host. Only a config
// change fixes it, so retrying would spend the shared rate limit for nothing.
const WRONG_HOST_CODES: ReadonlySet<number> = new Set([10010, 10011]);
// 10012: history older than the plan allows (365 days keyless/Demo). A plan limit, like CMC's 1006:
// the same request fails the same way until the plan changes.
const PLAN_RANGE_CODE = 10012;

interface ReadError {
  code: number | undefined;
  detail: string;
}

function readError(error: CgError): ReadError {
  if ("status" in error) return { code: error.status.error_code, detail: error.status.error_message ?? "no message" };
  if (typeof error.error === "string") return { code: undefined, detail: error.error || "no message" };
  return { code: error.error.status.error_code, detail: error.error.status.error_message ?? "no message" };
}

function mapError(code: number | undefined, httpStatus: number): UpstreamErrorKind {
  if (code !== undefined && (WRONG_HOST_CODES.has(code) || code === PLAN_RANGE_CODE)) return "auth";
  // The 429 body carries error_code 429; some proxies put the limit only in the status line.
  if (code === 429 || httpStatus === 429) return "rate_limited";
  if (httpStatus === 401 || httpStatus === 403) return "auth";
  if (httpStatus >= 500) return "unavailable";
  return "bad_response";
}

function errorText(code: number | undefined, detail: string): string {
  if (code === undefined) return detail;
  if (code === PLAN_RANGE_CODE) return `error ${code} (beyond the plan's history range): ${detail}`;
  if (WRONG_HOST_CODES.has(code)) return `error ${code} (key sent to the wrong host for its plan): ${detail}`;
  return `error ${code}: ${detail}`;
}

/** fetchJson's classifier for CoinGecko; null lets the generic status rules decide. */
export function classifyCoinGecko(response: ClassifyInput, endpoint: string): UpstreamError | null {
  const parsed = cgErrorSchema.safeParse(response.body);
  if (!parsed.success) return null;
  const { code, detail } = readError(parsed.data);
  // Retry-After is read from the headers by fetchJson, so it is not repeated here.
  return new UpstreamError({
    kind: mapError(code, response.status),
    provider: CG_PROVIDER,
    endpoint,
    status: response.status,
    providerCode: code,
    message: errorText(code, detail),
  });
}
