/** What the CoinMarketCap routes share: the JSON headers, the 400 in the status envelope, `convert`. */
import { JSON_TYPE, type RouteResult } from "../http";
import { cmcError } from "../provider-errors";

export const CMC_HEADERS = { "Content-Type": JSON_TYPE };

export function cmcBadRequest(message: string, nowMs: number): RouteResult {
  return { status: 400, body: cmcError(400, nowMs, message), headers: CMC_HEADERS };
}

/** Only USD is simulated; returns the 400 to send for another `convert`, or null. */
export function checkConvert(url: URL, nowMs: number): RouteResult | null {
  const convert = url.searchParams.get("convert") ?? "USD";
  return convert.toUpperCase() === "USD" ? null : cmcBadRequest(`Invalid value for "convert": "${convert}"`, nowMs);
}

/** A comma-separated query parameter, trimmed, empty parts dropped. */
export function commaList(raw: string | null): string[] {
  return (raw ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}
