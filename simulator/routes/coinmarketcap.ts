/**
 * CoinMarketCap Pro API: GET /v1/cryptocurrency/listings/latest with its `status` envelope,
 * key check on X-CMC_PRO_API_KEY and the documented credit count (1 per 200 coins returned),
 * GET /v1/cryptocurrency/map (coinmarketcap-map.ts), GET /v2/cryptocurrency/quotes/latest
 * (coinmarketcap-quotes.ts), and GET /v1/key/info, which reports the credits those calls spent.
 */
import type { Asset } from "../asset";
import type { CmcUsage } from "../cmc-usage";
import { type DataRequest, headerValue, intParam, type RouteResult } from "../http";
import type { MarketView } from "../market-view";
import { cmcError } from "../provider-errors";
import { CMC_HEADERS, checkConvert, cmcBadRequest } from "./coinmarketcap-common";
import { cmcItem } from "./coinmarketcap-item";
import { CMC_KEY_INFO_PATH, keyInfoBody } from "./coinmarketcap-key-info";
import { CMC_MAP_PATH, handleMap } from "./coinmarketcap-map";
import { CMC_QUOTES_PATH, handleQuotes } from "./coinmarketcap-quotes";

export const CMC_LISTINGS_PATH = "/v1/cryptocurrency/listings/latest";

export type CmcEndpoint = "listings" | "map" | "quotes" | "key_info" | "other";

const ENDPOINTS: Record<string, CmcEndpoint> = {
  [CMC_LISTINGS_PATH]: "listings",
  [CMC_MAP_PATH]: "map",
  [CMC_QUOTES_PATH]: "quotes",
  [CMC_KEY_INFO_PATH]: "key_info",
};

export function cmcEndpoint(pathname: string): CmcEndpoint {
  return ENDPOINTS[pathname] ?? "other";
}

const SORTS: Record<string, (view: MarketView, asset: Asset) => number | string> = {
  market_cap: (view, asset) => view.market.cmcMarketCap(asset),
  price: (view, asset) => view.market.cmcPrice(asset),
  volume_24h: (view, asset) => view.market.cmcVolume(asset),
  name: (_view, asset) => asset.cmc?.name ?? "",
  symbol: (_view, asset) => asset.cmc?.symbol ?? "",
};

const HEADERS = CMC_HEADERS;
const badRequest = cmcBadRequest;

export function handleCoinMarketCap(req: DataRequest, view: MarketView, apiKey: string, usage: CmcUsage): RouteResult {
  const { url, nowMs } = req;
  const endpoint = cmcEndpoint(url.pathname);
  if (endpoint === "other") return { status: 404, body: cmcError(404, nowMs, "Not found."), headers: HEADERS };
  // The real API also accepts the key as a CMC_PRO_API_KEY query parameter.
  const key = headerValue(req.headers, "x-cmc_pro_api_key") ?? url.searchParams.get("CMC_PRO_API_KEY") ?? "";
  if (key === "") return { status: 401, body: cmcError(1002, nowMs), headers: HEADERS };
  if (key !== apiKey) return { status: 401, body: cmcError(1001, nowMs), headers: HEADERS };
  if (endpoint === "key_info") return { status: 200, body: keyInfoBody(usage, nowMs), headers: HEADERS };
  if (endpoint === "map") return handleMap(req, view, usage);
  if (endpoint === "quotes") return handleQuotes(req, view, usage);
  return handleListings(req, view, usage);
}

function handleListings(req: DataRequest, view: MarketView, usage: CmcUsage): RouteResult {
  const { url, nowMs } = req;

  const start = intParam(url, "start") ?? 1;
  if (!(start >= 1)) return badRequest(`"start" must be an integer of at least 1`, nowMs);
  const limit = intParam(url, "limit") ?? 100;
  if (!(limit >= 1 && limit <= 5000)) return badRequest(`"limit" must be an integer from 1 to 5000`, nowMs);
  const convertError = checkConvert(url, nowMs);
  if (convertError) return convertError;
  const sort = url.searchParams.get("sort") ?? "market_cap";
  const sortKey = SORTS[sort];
  if (!sortKey) return badRequest(`"sort" must be one of [${Object.keys(SORTS).join(", ")}]`, nowMs);
  const sortDir = url.searchParams.get("sort_dir") ?? "desc";
  if (sortDir !== "asc" && sortDir !== "desc") return badRequest(`"sort_dir" must be one of [asc, desc]`, nowMs);

  const listed = view.market.cmcRanking();
  const ordered = sort === "market_cap" && sortDir === "desc" ? listed : sortBy(view, listed, sortKey, sortDir);
  const page = ordered.slice(start - 1, start - 1 + limit);
  const data = page.map((asset) => cmcItem(view, asset, nowMs));
  const body = {
    status: {
      timestamp: new Date(nowMs).toISOString(),
      error_code: 0,
      error_message: null,
      // A plausible server time that does not depend on this machine's load, so bodies stay reproducible.
      elapsed: 8 + Math.ceil(data.length / 50),
      credit_count: Math.max(1, Math.ceil(data.length / 200)),
      notice: null,
      total_count: listed.length,
    },
    data,
  };
  usage.record(nowMs, body.status.credit_count);
  return { status: 200, body, headers: HEADERS, variants: cmcVariants(body) };
}

function sortBy(view: MarketView, assets: Asset[], key: (v: MarketView, a: Asset) => number | string, dir: string) {
  const sign = dir === "asc" ? 1 : -1;
  return [...assets].sort((a, b) => {
    const ka = key(view, a);
    const kb = key(view, b);
    const order = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
    return sign * order || a.index - b.index;
  });
}

type CmcItem = ReturnType<typeof cmcItem>;

/** Shape-aware edits for the data faults (empty list, prices as strings, a repeated first item). */
function cmcVariants(body: { status: object; data: CmcItem[] }) {
  const copy = () => structuredClone(body);
  return {
    empty: () => ({ ...copy(), status: { ...body.status, total_count: 0 }, data: [] }),
    wrongTypes: () => {
      const edited = copy();
      const data = edited.data.map((item) => ({
        ...item,
        quote: { USD: { ...item.quote.USD, price: String(item.quote.USD.price) } },
      }));
      return { ...edited, data };
    },
    duplicateIds: () => {
      const edited = copy();
      const first = edited.data[0];
      if (first) edited.data.splice(1, edited.data.length > 1 ? 1 : 0, structuredClone(first));
      return edited;
    },
  };
}
