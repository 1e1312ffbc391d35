/**
 * CoinMarketCap's GET /v1/cryptocurrency/map: the identity of every listed coin (id, rank, name,
 * symbol, slug, platform with its token address), including the ones far below any listings depth.
 * One credit per call. Params: listing_status (active by default; every simulated coin is active),
 * start (1-based), limit (1..5000, default all), sort (id or cmc_rank), symbol (a comma list; when
 * given, CoinMarketCap ignores start, limit and sort), aux (ignored: the default fields are sent).
 */
import type { Asset } from "../asset";
import type { CmcUsage } from "../cmc-usage";
import { type DataRequest, intParam, type RouteResult } from "../http";
import type { MarketView } from "../market-view";
import { CMC_HEADERS, cmcBadRequest, commaList } from "./coinmarketcap-common";

export const CMC_MAP_PATH = "/v1/cryptocurrency/map";

const LISTING_STATUSES = new Set(["active", "inactive", "untracked"]);

export function mapItem(view: MarketView, asset: Asset, nowMs: number) {
  const listing = asset.cmc;
  if (!listing) throw new Error(`asset ${asset.key} is not listed at CoinMarketCap`);
  return {
    id: listing.id,
    name: listing.name,
    symbol: listing.symbol,
    slug: listing.slug,
    is_active: 1,
    rank: view.cmcRank(asset),
    first_historical_data: listing.dateAdded,
    // CoinMarketCap's history is kept in 5-minute steps: the latest one is this one.
    last_historical_data: new Date(Math.floor(nowMs / 300_000) * 300_000).toISOString(),
    platform: listing.platform,
  };
}

export function handleMap(req: DataRequest, view: MarketView, usage: CmcUsage): RouteResult {
  const { url, nowMs } = req;
  const statuses = commaList(url.searchParams.get("listing_status") ?? "active");
  const badStatus = statuses.find((status) => !LISTING_STATUSES.has(status));
  if (badStatus !== undefined || statuses.length === 0) {
    return cmcBadRequest(`"listing_status" must be one of [active, inactive, untracked]`, nowMs);
  }
  const start = intParam(url, "start") ?? 1;
  if (!(start >= 1)) return cmcBadRequest(`"start" must be an integer of at least 1`, nowMs);
  const limit = intParam(url, "limit") ?? 5000;
  if (!(limit >= 1 && limit <= 5000)) return cmcBadRequest(`"limit" must be an integer from 1 to 5000`, nowMs);
  const sort = url.searchParams.get("sort") ?? "id";
  if (sort !== "id" && sort !== "cmc_rank") return cmcBadRequest(`"sort" must be one of [id, cmc_rank]`, nowMs);
  const symbols = commaList(url.searchParams.get("symbol")).map((symbol) => symbol.toUpperCase());

  // Every simulated coin is active: an inactive- or untracked-only map is empty.
  const listed = statuses.includes("active") ? view.market.cmcRanking() : [];
  let page: Asset[];
  if (symbols.length > 0) {
    const wanted = new Set(symbols);
    page = listed.filter((asset) => wanted.has(asset.cmc?.symbol.toUpperCase() ?? ""));
    page.sort((a, b) => (a.cmc?.id ?? 0) - (b.cmc?.id ?? 0));
  } else {
    const ordered = sort === "cmc_rank" ? listed : [...listed].sort((a, b) => (a.cmc?.id ?? 0) - (b.cmc?.id ?? 0));
    page = ordered.slice(start - 1, start - 1 + limit);
  }
  const data = page.map((asset) => mapItem(view, asset, nowMs));
  const body = {
    status: {
      timestamp: new Date(nowMs).toISOString(),
      error_code: 0,
      error_message: null,
      elapsed: 5 + Math.ceil(data.length / 200),
      credit_count: 1,
      notice: null,
    },
    data,
  };
  usage.record(nowMs, body.status.credit_count);
  return { status: 200, body, headers: CMC_HEADERS, variants: mapVariants(body) };
}

type MapItem = ReturnType<typeof mapItem>;

/** The data faults on the map: an empty list, ids and ranks as strings, a repeated first item. */
function mapVariants(body: { status: object; data: MapItem[] }) {
  const copy = () => structuredClone(body);
  return {
    empty: () => ({ ...copy(), data: [] }),
    wrongTypes: () => {
      const edited = copy();
      return {
        ...edited,
        data: edited.data.map((item) => ({ ...item, id: String(item.id), rank: String(item.rank) })),
      };
    },
    duplicateIds: () => {
      const edited = copy();
      const first = edited.data[0];
      if (first) edited.data.splice(1, edited.data.length > 1 ? 1 : 0, structuredClone(first));
      return edited;
    },
  };
}
