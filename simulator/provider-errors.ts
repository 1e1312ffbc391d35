/**
 * Error bodies in each provider's own shape. CoinMarketCap puts everything in a `status`
 * envelope and uses the HTTP status documented per error code; CryptoCompare usually answers
 * HTTP 200 with `Response: "Error"` and a numeric `Type`.
 */

const CMC_MESSAGES: Record<number, string> = {
  400: "Bad request.",
  1001: "This API Key is invalid.",
  1002: "API key missing.",
  1003: "Your API Key must be activated. Please go to pro.coinmarketcap.com/account/plan.",
  1004: "Your API Key's subscription plan has expired.",
  1005: "An API Key is required for this call.",
  1006: "Your API Key subscription plan doesn't support this endpoint.",
  1007: "This API Key has been disabled. Please contact support.",
  1008: "You've exceeded your API Key's HTTP request rate limit. Rate limits reset every minute.",
  1009: "You've exceeded your API Key's daily rate limit. This will reset at UTC midnight.",
  1010: "You've exceeded your API Key's monthly rate limit.",
  1011: "You've hit an IP rate limit.",
};

const HTTP_MESSAGES: Record<number, string> = {
  400: "Bad request.",
  404: "Not found.",
  429: "Too many requests.",
  500: "An internal server error occurred.",
  502: "Bad gateway.",
  503: "Service unavailable.",
  504: "Gateway timeout.",
};

export function httpMessage(status: number): string {
  return HTTP_MESSAGES[status] ?? `HTTP ${status}.`;
}

/** The HTTP status CoinMarketCap documents for an error code. */
export function cmcHttpStatus(errorCode: number): number {
  if (errorCode === 1001 || errorCode === 1002) return 401;
  if (errorCode === 1003 || errorCode === 1004) return 402;
  if (errorCode >= 1005 && errorCode <= 1007) return 403;
  if (errorCode >= 1008 && errorCode <= 1011) return 429;
  if (errorCode >= 400 && errorCode <= 599) return errorCode;
  return 500;
}

export interface CmcErrorBody {
  status: { timestamp: string; error_code: number; error_message: string; elapsed: number; credit_count: number };
}

export function cmcError(errorCode: number, nowMs: number, message?: string): CmcErrorBody {
  return {
    status: {
      timestamp: new Date(nowMs).toISOString(),
      error_code: errorCode,
      error_message: message ?? CMC_MESSAGES[errorCode] ?? httpMessage(cmcHttpStatus(errorCode)),
      elapsed: 0,
      credit_count: 0,
    },
  };
}

export const CC_AUTH_MESSAGE = "You need a valid auth key or api key to access this endpoint";
export const CC_RATE_LIMIT_MESSAGE = "You are over your rate limit please upgrade your account!";

export function ccError(type: number, message: string, extra: Record<string, unknown> = {}) {
  return { Response: "Error", Message: message, HasWarning: false, Type: type, RateLimit: {}, Data: {}, ...extra };
}

/** Unknown paths get the short body CryptoCompare really sends (no HasWarning, no RateLimit). */
export function ccPathError() {
  return { Response: "Error", Message: "Path does not exist", Type: 0, Data: {} };
}

export function ccParamError(param: string, message: string) {
  return ccError(2, message, { ParamWithError: param });
}

/** Type 99 carries usage counters, as the real rate-limit body does. */
export function ccRateLimitError() {
  return {
    ...ccError(99, CC_RATE_LIMIT_MESSAGE),
    RateLimit: {
      calls_made: { second: 53, minute: 915, hour: 63_283, day: 127_321, month: 6_720_577, total_calls: 29_374_377 },
      max_calls: { second: 50, minute: 2000, hour: 100_000, day: 1_500_000, month: 15_000_000 },
    },
  };
}

/** A CryptoCompare error body of a given Type, with the message that Type usually carries. */
export function ccErrorOfType(type: number) {
  if (type === 99) return ccRateLimitError();
  if (type === 1) return ccError(1, CC_AUTH_MESSAGE);
  if (type === 2) return ccParamError("tsym", "tsym is a required param.");
  if (type === 0) return ccPathError();
  return ccError(type, "An error occurred (simulated).");
}

// CoinGecko sends three JSON shapes: `{status:{…}}` (401, 429), `{error:{status:{…}}}` (some 401s)
// and `{error:"text"}` (400, 404).
export const CG_RATE_LIMIT_MESSAGE =
  "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.";

const CG_MESSAGES: Record<number, string> = {
  429: CG_RATE_LIMIT_MESSAGE,
  10002: "API Key Missing",
  10010: "If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com",
  10011: "If you are using Demo API key, please change your root URL from pro-api.coingecko.com to api.coingecko.com",
  10012:
    "Your request exceeds the allowed time range. Public API users are limited to querying historical data within the past 365 days.",
};

/** The HTTP status CoinGecko sends with an error code. */
export function cgHttpStatus(errorCode: number): number {
  if (errorCode >= 10_000) return 401;
  if (errorCode >= 400 && errorCode <= 599) return errorCode;
  return 500;
}

export function cgStatusError(errorCode: number, message?: string) {
  return {
    status: {
      error_code: errorCode,
      error_message: message ?? CG_MESSAGES[errorCode] ?? httpMessage(cgHttpStatus(errorCode)),
    },
  };
}

/** The nested shape, with the timestamp the real one carries (10011, 10012). */
export function cgNestedError(errorCode: number, nowMs: number, message?: string) {
  const { status } = cgStatusError(errorCode, message);
  return { error: { status: { timestamp: new Date(nowMs).toISOString(), ...status } } };
}

export function cgTextError(message: string) {
  return { error: message };
}

/** A CoinGecko error body for a code, in the shape CoinGecko uses for it. */
export function cgErrorOfCode(errorCode: number, nowMs: number) {
  return errorCode === 10011 || errorCode === 10012 ? cgNestedError(errorCode, nowMs) : cgStatusError(errorCode);
}
