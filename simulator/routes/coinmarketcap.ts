/**
 * CoinMarketCap Pro API: GET /v1/cryptocurrency/listings/latest with its `status` envelope,
 * key check on X-CMC_PRO_API_KEY and the documented credit count (1 per 200 coins returned), and
 * GET /v1/key/info, which reports the credits those listings calls spent.
 */
import type { Asset } from "../asset";
import type { CmcUsage } from "../cmc-usage";
import { type DataRequest, headerValue, intParam, JSON_TYPE, type RouteResult } from "../http";
import { type MarketView, recentMovesFor } from "../market-view";
import { cmcError } from "../provider-errors";
import { CMC_KEY_INFO_PATH, keyInfoBody } from "./coinmarketcap-key-info";

export const CMC_LISTINGS_PATH = "/v1/cryptocurrency/listings/latest";

const SORTS: Record<string, (view: MarketView, asset: Asset) => number | string> = {
  market_cap: (view, asset) => view.market.cmcMarketCap(asset),
  price: (view, asset) => view.market.cmcPrice(asset),
  volume_24h: (view, asset) => view.market.cmcVolume(asset),
  name: (_view, asset) => asset.cmc?.name ?? "",
  symbol: (_view, asset) => asset.cmc?.symbol ?? "",
};

const HEADERS = { "Content-Type": JSON_TYPE };

function badRequest(message: string, nowMs: number): RouteResult {
  return { status: 400, body: cmcError(400, nowMs, message), headers: HEADERS };
}

export function handleCoinMarketCap(req: DataRequest, view: MarketView, apiKey: string, usage: CmcUsage): RouteResult {
  const { url, nowMs } = req;
  if (url.pathname !== CMC_LISTINGS_PATH && url.pathname !== CMC_KEY_INFO_PATH) {
    return { status: 404, body: cmcError(404, nowMs, "Not found."), headers: HEADERS };
  }
  // The real API also accepts the key as a CMC_PRO_API_KEY query parameter.
  const key = headerValue(req.headers, "x-cmc_pro_api_key") ?? url.searchParams.get("CMC_PRO_API_KEY") ?? "";
  if (key === "") return { status: 401, body: cmcError(1002, nowMs), headers: HEADERS };
  if (key !== apiKey) return { status: 401, body: cmcError(1001, nowMs), headers: HEADERS };
  if (url.pathname === CMC_KEY_INFO_PATH) return { status: 200, body: keyInfoBody(usage, nowMs), headers: HEADERS };
  return handleListings(req, view, usage);
}

function handleListings(req: DataRequest, view: MarketView, usage: CmcUsage): RouteResult {
  const { url, nowMs } = req;

  const start = intParam(url, "start") ?? 1;
  if (!(start >= 1)) return badRequest(`"start" must be an integer of at least 1`, nowMs);
  const limit = intParam(url, "limit") ?? 100;
  if (!(limit >= 1 && limit <= 5000)) return badRequest(`"limit" must be an integer from 1 to 5000`, nowMs);
  const convert = url.searchParams.get("convert") ?? "USD";
  if (convert.toUpperCase() !== "USD") return badRequest(`Invalid value for "convert": "${convert}"`, nowMs);
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

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export function cmcItem(view: MarketView, asset: Asset, nowMs: number) {
  const { market } = view;
  const listing = asset.cmc;
  if (!listing) throw new Error(`asset ${asset.key} is not listed at CoinMarketCap`);
  const price = market.cmcPrice(asset);
  const marketCap = market.cmcMarketCap(asset);
  const maxSupply = market.maxSupply(asset);
  const totalSupply = market.totalSupply(asset);
  const moves = recentMovesFor(view, asset, price);
  return {
    id: listing.id,
    name: listing.name,
    symbol: listing.symbol,
    slug: listing.slug,
    num_market_pairs: listing.numMarketPairs,
    date_added: listing.dateAdded,
    tags: listing.tags,
    max_supply: maxSupply,
    circulating_supply: market.circulatingSupply(asset),
    total_supply: totalSupply,
    infinite_supply: maxSupply === null,
    platform: listing.platform,
    cmc_rank: view.cmcRank(asset),
    self_reported_circulating_supply: null,
    self_reported_market_cap: null,
    tvl_ratio: null,
    // Listings refresh once a minute; the quote carries its own, slightly later stamp.
    last_updated: new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString(),
    quote: {
      USD: {
        price,
        volume_24h: market.cmcVolume(asset),
        volume_change_24h: Math.round(market.volumeChangePct(asset) * 1e4) / 1e4,
        percent_change_1h: moves.pct.h1,
        percent_change_24h: moves.pct.h24,
        percent_change_7d: moves.pct.d7,
        percent_change_30d: moves.pct.d30,
        percent_change_60d: moves.pct.d60,
        percent_change_90d: moves.pct.d90,
        market_cap: marketCap,
        market_cap_dominance: Math.round((marketCap / view.cmcTotalMarketCap()) * 100 * 1e4) / 1e4,
        fully_diluted_market_cap: price * (maxSupply ?? totalSupply),
        tvl: null,
        last_updated: isoSeconds(nowMs - (asset.index % 30) * 1000),
      },
    },
  };
}
