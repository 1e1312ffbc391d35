/**
 * CoinGecko v3 on its public (keyless/Demo) host: GET /api/v3/coins/markets (with `ids=`),
 * /api/v3/coins/list, /api/v3/coins/{id}/market_chart and /api/v3/exchange_rates. CoinGecko lists the same assets at the same prices as the
 * simulated CoinMarketCap (ids are the CMC slugs, unique by construction), so /_sim/truth stays the
 * one right answer whichever of the two prices the app. Errors follow CoinGecko's three shapes.
 */
import type { Asset } from "../asset";
import { CG_CATEGORY_OF } from "../asset-kinds";
import { type DataRequest, headerValue, intParam, JSON_TYPE, type RouteResult } from "../http";
import { type MarketView, recentMovesFor } from "../market-view";
import { cgNestedError, cgStatusError, cgTextError } from "../provider-errors";
import { chartBody } from "./coingecko-chart";
import { exchangeRatesBody } from "./coingecko-rates";

export const CG_PREFIX = "/api/v3";
export const CG_MARKETS_PATH = `${CG_PREFIX}/coins/markets`;
export const CG_COINS_LIST_PATH = `${CG_PREFIX}/coins/list`;
export const CG_EXCHANGE_RATES_PATH = `${CG_PREFIX}/exchange_rates`;
const CHART_PATH = /^\/api\/v3\/coins\/([^/]+)\/market_chart$/;
const MAX_PER_PAGE = 250;

export const CG_HEADERS = { "Content-Type": JSON_TYPE };

export type CgEndpoint = "markets" | "coins_list" | "market_chart" | "exchange_rates" | "other";

export function cgEndpoint(pathname: string): CgEndpoint {
  if (pathname === CG_MARKETS_PATH) return "markets";
  if (pathname === CG_COINS_LIST_PATH) return "coins_list";
  if (pathname === CG_EXCHANGE_RATES_PATH) return "exchange_rates";
  return CHART_PATH.test(pathname) ? "market_chart" : "other";
}

export function cgReply(body: unknown, status = 200): RouteResult {
  return { status, body, headers: CG_HEADERS };
}

/**
 * The simulator plays the public host. A Pro key there is refused (10010). With `apiKey` null any
 * call is keyless and accepted; with a key configured, the Demo key must match it.
 */
function checkKey(req: DataRequest, apiKey: string | null): RouteResult | null {
  if (headerValue(req.headers, "x-cg-pro-api-key") !== undefined) return cgReply(cgStatusError(10010), 401);
  if (apiKey === null) return null;
  const key = headerValue(req.headers, "x-cg-demo-api-key") ?? req.url.searchParams.get("x_cg_demo_api_key") ?? "";
  if (key === "") return cgReply(cgStatusError(10002), 401);
  if (key !== apiKey) return cgReply(cgNestedError(10002, req.nowMs, "Invalid API Key"), 401);
  return null;
}

export function handleCoinGecko(req: DataRequest, view: MarketView, apiKey: string | null): RouteResult {
  const endpoint = cgEndpoint(req.url.pathname);
  if (endpoint === "other") return cgReply(cgTextError("Not Found"), 404);
  const refused = checkKey(req, apiKey);
  if (refused) return refused;
  if (endpoint === "coins_list") return handleCoinsList(req, view);
  if (endpoint === "exchange_rates") return cgReply(exchangeRatesBody(view));
  const currency = checkCurrency(req.url);
  if (currency) return currency;
  if (endpoint === "markets") return handleMarkets(req, view);
  const id = decodeURIComponent(CHART_PATH.exec(req.url.pathname)?.[1] ?? "");
  const asset = view.market.cmcRanking().find((candidate) => candidate.cmc?.slug === id);
  if (!asset) return cgReply(cgTextError("coin not found"), 404);
  return chartBody(req, view, asset);
}

function checkCurrency(url: URL): RouteResult | null {
  const currency = url.searchParams.get("vs_currency");
  if (currency === null || currency === "") return cgReply(cgTextError("Missing parameter vs_currency"), 400);
  if (currency.toLowerCase() !== "usd") return cgReply(cgTextError("invalid vs_currency"), 400);
  return null;
}

function handleMarkets(req: DataRequest, view: MarketView): RouteResult {
  const { url, nowMs } = req;
  const order = url.searchParams.get("order") ?? "market_cap_desc";
  if (order !== "market_cap_desc")
    return cgReply(cgTextError("invalid order (only market_cap_desc is simulated)"), 400);
  const perPage = intParam(url, "per_page") ?? 100;
  if (!(perPage >= 1 && perPage <= MAX_PER_PAGE)) {
    return cgReply(cgTextError(`per_page must be an integer from 1 to ${MAX_PER_PAGE}`), 400);
  }
  const page = intParam(url, "page") ?? 1;
  if (!(page >= 1)) return cgReply(cgTextError("page must be an integer of at least 1"), 400);
  const changes = new Set((url.searchParams.get("price_change_percentage") ?? "").split(",").map((s) => s.trim()));
  const sparkline = url.searchParams.get("sparkline") === "true";

  // ids=a,b: only those coins, still in market-cap order; unknown ids are skipped silently.
  const ids = url.searchParams.get("ids");
  const wanted = ids === null ? null : new Set(ids.split(",").map((id) => id.trim().toLowerCase()));
  const ranked = view.market.cmcRanking();
  const byId = wanted === null ? ranked : ranked.filter((asset) => wanted.has(asset.cmc?.slug ?? ""));
  // category=stablecoins or wrapped-tokens: only the designed coins of that kind (asset-kinds.ts);
  // any other category holds none of the simulated coins.
  const category = url.searchParams.get("category");
  const listed = category === null ? byId : byId.filter((asset) => CG_CATEGORY_OF[category] === asset.kind);
  const items = listed
    .slice((page - 1) * perPage, page * perPage)
    .map((asset) => marketItem(view, asset, nowMs, changes, sparkline));
  return { ...cgReply(items), variants: marketsVariants(items) };
}

type MarketItem = ReturnType<typeof marketItem>;

function marketsVariants(items: MarketItem[]) {
  const copy = () => structuredClone(items);
  return {
    empty: () => [],
    wrongTypes: () => copy().map((item) => ({ ...item, current_price: String(item.current_price) })),
    duplicateIds: () => {
      const edited = copy();
      const first = edited[0];
      if (first) edited.splice(1, edited.length > 1 ? 1 : 0, structuredClone(first));
      return edited;
    },
  };
}

export function marketItem(view: MarketView, asset: Asset, nowMs: number, changes: Set<string>, sparkline: boolean) {
  const { market } = view;
  const listing = asset.cmc;
  if (!listing) throw new Error(`asset ${asset.key} is not listed at CoinGecko`);
  const price = market.cmcPrice(asset);
  // CoinGecko mirrors CoinMarketCap here, a listing with an unverified supply (cap 0) included.
  const marketCap = view.cmcReportedMarketCap(asset);
  const maxSupply = market.maxSupply(asset);
  const totalSupply = market.totalSupply(asset);
  const moves = recentMovesFor(view, asset, price);
  const item: Record<string, unknown> & { id: string; current_price: number } = {
    id: listing.slug,
    symbol: listing.symbol.toLowerCase(),
    name: listing.name,
    image: `https://coin-images.coingecko.com/coins/images/${listing.id}/large/${listing.slug}.png`,
    current_price: price,
    market_cap: marketCap,
    market_cap_rank: view.cmcRank(asset),
    fully_diluted_valuation: price * (maxSupply ?? totalSupply),
    total_volume: market.cmcVolume(asset),
    high_24h: moves.high24h,
    low_24h: moves.low24h,
    price_change_24h: price - moves.open24h,
    price_change_percentage_24h: moves.pct.h24,
    circulating_supply: view.cmcReportedSupply(asset),
    total_supply: totalSupply,
    max_supply: maxSupply,
    roi: null,
    // CoinGecko refreshes about once a minute and stamps in milliseconds.
    last_updated: new Date(Math.floor(nowMs / 60_000) * 60_000 + (asset.index % 60) * 17).toISOString(),
  };
  if (sparkline) {
    const hours = view.shapes.shape(asset, "hour", 168).close.slice(0, 168);
    item.sparkline_in_7d = { price: hours.reverse().map((ratio) => price * ratio) };
  }
  if (changes.has("1h")) item.price_change_percentage_1h_in_currency = moves.pct.h1;
  if (changes.has("24h")) item.price_change_percentage_24h_in_currency = moves.pct.h24;
  if (changes.has("7d")) item.price_change_percentage_7d_in_currency = moves.pct.d7;
  return item;
}

/**
 * GET /api/v3/coins/list: every coin, sorted by id, as {id, symbol, name}; with
 * include_platform=true also `platforms` ({"ethereum": "0x…"} for a token, lower-cased as CoinGecko
 * writes addresses; {} for a coin). status=inactive lists nothing: every simulated coin is active.
 */
function handleCoinsList(req: DataRequest, view: MarketView): RouteResult {
  const { url } = req;
  const withPlatforms = url.searchParams.get("include_platform") === "true";
  const listed = url.searchParams.get("status") === "inactive" ? [] : view.market.cmcRanking();
  const items = listed
    .map((asset) => coinsListItem(asset, withPlatforms))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...cgReply(items), variants: coinsListVariants(items) };
}

export function coinsListItem(asset: Asset, withPlatforms: boolean) {
  const listing = asset.cmc;
  if (!listing) throw new Error(`asset ${asset.key} is not listed at CoinGecko`);
  const item: { id: string; symbol: string; name: string; platforms?: Record<string, string> } = {
    id: listing.slug,
    symbol: listing.symbol.toLowerCase(),
    name: listing.name,
  };
  if (withPlatforms) {
    const address = listing.platform?.token_address;
    item.platforms = address ? { ethereum: address.toLowerCase() } : {};
  }
  return item;
}

type CoinsListItem = ReturnType<typeof coinsListItem>;

function coinsListVariants(items: CoinsListItem[]) {
  const copy = () => structuredClone(items);
  return {
    empty: () => [],
    wrongTypes: () => copy().map((item, i) => ({ ...item, id: i })),
    duplicateIds: () => {
      const edited = copy();
      const first = edited[0];
      if (first) edited.splice(1, edited.length > 1 ? 1 : 0, structuredClone(first));
      return edited;
    },
  };
}
