/**
 * CryptoCompare min-api: the toplists (/data/top/totalvolfull, /data/top/mktcapfull), the history
 * endpoints (cryptocompare-history.ts), the coin list (cryptocompare-coinlist.ts) and the
 * "Path does not exist" answer for anything else.
 * Errors follow the provider: HTTP 200 with Response "Error", except a keyless call (HTTP 401).
 */
import { type DataRequest, headerValue, intParam, JSON_TYPE, type RouteResult } from "../http";
import type { ToplistKind } from "../market";
import type { MarketView } from "../market-view";
import { CC_AUTH_MESSAGE, ccError, ccParamError, ccPathError } from "../provider-errors";
import { CC_COINLIST_PATH, handleCoinlist } from "./cryptocompare-coinlist";
import { HISTORY_PATHS, handleHistory } from "./cryptocompare-history";
import { toplistItem } from "./cryptocompare-items";

export const CC_TOPLIST_PATHS: Record<string, ToplistKind> = {
  "/data/top/totalvolfull": "totalvolfull",
  "/data/top/mktcapfull": "mktcapfull",
};

/** Headers CryptoCompare sends on every data answer, errors included. */
export const CC_HEADERS = { "Content-Type": JSON_TYPE, "Cache-Control": "public, max-age=10" };

export type CcEndpoint = "toplist" | "history" | "coinlist" | "other";

export function ccEndpoint(pathname: string): CcEndpoint {
  if (pathname in CC_TOPLIST_PATHS) return "toplist";
  if (pathname in HISTORY_PATHS) return "history";
  if (pathname === CC_COINLIST_PATH) return "coinlist";
  return "other";
}

export function ccReply(body: unknown, status = 200): RouteResult {
  return { status, body, headers: CC_HEADERS };
}

/** Key from `authorization: Apikey <key>` or `?api_key=`; null when none was sent. */
function presentedKey(req: DataRequest): string | null {
  const header = headerValue(req.headers, "authorization");
  const match = header ? /^apikey\s+(.+)$/i.exec(header.trim()) : null;
  if (match?.[1]) return match[1].trim();
  const query = req.url.searchParams.get("api_key");
  return query && query.length > 0 ? query : null;
}

export function handleCryptoCompare(req: DataRequest, view: MarketView, apiKey: string): RouteResult {
  const endpoint = ccEndpoint(req.url.pathname);
  if (endpoint === "other") return ccReply(ccPathError());
  const key = presentedKey(req);
  // Since 2026-05 a keyless call is refused at the HTTP level; a wrong key still gets HTTP 200.
  if (key === null) return ccReply(ccError(1, CC_AUTH_MESSAGE), 401);
  if (key !== apiKey) return ccReply(ccError(1, CC_AUTH_MESSAGE));
  if (endpoint === "history") return handleHistory(req, view);
  if (endpoint === "coinlist") return handleCoinlist(req, view, ccReply);
  return handleToplist(req, view, CC_TOPLIST_PATHS[req.url.pathname] ?? "totalvolfull");
}

/** tsym is required and only USD is simulated; returns the error to send, or null when fine. */
export function checkTsym(url: URL): RouteResult | null {
  const tsym = url.searchParams.get("tsym");
  if (tsym === null || tsym === "") return ccReply(ccParamError("tsym", "tsym is a required param."));
  if (tsym.toUpperCase() !== "USD") {
    return ccReply(ccParamError("tsym", `There is no data for the toSymbol ${tsym} (only USD is simulated).`));
  }
  return null;
}

function handleToplist(req: DataRequest, view: MarketView, kind: ToplistKind): RouteResult {
  const { url, nowMs } = req;
  const tsymError = checkTsym(url);
  if (tsymError) return tsymError;
  const requested = intParam(url, "limit") ?? 10;
  if (Number.isNaN(requested) || requested > 100) {
    return ccReply(ccParamError("limit", "limit param is not valid, it must be an integer from 10 to 100."));
  }
  // CryptoCompare never returns fewer than 10 per page: smaller limits are raised to 10.
  const limit = Math.max(10, requested);
  const page = intParam(url, "page") ?? 0;
  if (!(page >= 0))
    return ccReply(ccParamError("page", "page param is not valid, it must be an integer of at least 0."));

  const ranking = view.ccRanking(kind);
  const data = ranking.slice(page * limit, page * limit + limit).map((asset) => toplistItem(view, asset, nowMs));
  const sponsored = view.market.sponsoredAssets().map((asset) => toplistItem(view, asset, nowMs));
  const body = {
    Message: "Success",
    Type: 100,
    MetaData: { Count: ranking.length },
    SponsoredData: sponsored,
    Data: data,
    RateLimit: {},
    HasWarning: false,
  };
  return { ...ccReply(body), variants: toplistVariants(body) };
}

type ToplistBody = {
  MetaData: { Count: number };
  Data: ReturnType<typeof toplistItem>[];
};

function toplistVariants<T extends ToplistBody>(body: T) {
  const copy = (): T => structuredClone(body);
  return {
    empty: () => ({ ...copy(), MetaData: { Count: 0 }, Data: [] }),
    wrongTypes: () => {
      const edited = copy();
      for (const item of edited.Data) {
        if (item.RAW) Object.assign(item.RAW.USD, { PRICE: String(item.RAW.USD.PRICE) });
      }
      return edited;
    },
    duplicateIds: () => {
      const edited = copy();
      const first = edited.Data[0];
      if (first) edited.Data.splice(1, edited.Data.length > 1 ? 1 : 0, structuredClone(first));
      return edited;
    },
  };
}
