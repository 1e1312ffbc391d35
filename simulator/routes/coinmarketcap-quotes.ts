/**
 * CoinMarketCap's GET /v2/cryptocurrency/quotes/latest: the latest quote of chosen coins, however
 * deep they rank. Exactly one of `id`, `slug` or `symbol` (comma lists), `convert=USD`,
 * `skip_invalid` (default false). For `id` and `slug` `data` is keyed by the id (as a string) with
 * one object each; for `symbol` each key holds an ARRAY, because symbols collide (a recorded v2
 * body and public client types agree on both shapes). An unknown value answers HTTP 400
 * `Invalid value for "id": "…"` unless skip_invalid=true, which leaves it out. Credits: 1 per 100
 * coins returned, rounded up, at least 1. The numbers are listings/latest's (quotesItem).
 */
import type { Asset } from "../asset";
import type { CmcUsage } from "../cmc-usage";
import type { DataRequest, RouteResult } from "../http";
import type { MarketView } from "../market-view";
import { CMC_HEADERS, checkConvert, cmcBadRequest, commaList } from "./coinmarketcap-common";
import { quotesItem } from "./coinmarketcap-item";

export const CMC_QUOTES_PATH = "/v2/cryptocurrency/quotes/latest";

const KEYS = ["id", "slug", "symbol"] as const;
type QueryKey = (typeof KEYS)[number];

type QuotesItem = ReturnType<typeof quotesItem>;
type QuotesData = Record<string, QuotesItem | QuotesItem[]>;

/** The assets one requested value names: one for an id or slug, every listing for a symbol. */
function lookup(view: MarketView, key: QueryKey): (value: string) => Asset[] {
  const listed = view.market.cmcRanking();
  if (key === "id") {
    const byId = new Map(listed.map((asset) => [String(asset.cmc?.id), asset]));
    return (value) => {
      const asset = /^\d+$/.test(value) ? byId.get(String(Number(value))) : undefined;
      return asset ? [asset] : [];
    };
  }
  if (key === "slug") {
    const bySlug = new Map(listed.map((asset) => [asset.cmc?.slug, asset]));
    return (value) => {
      const asset = bySlug.get(value.toLowerCase());
      return asset ? [asset] : [];
    };
  }
  return (value) => listed.filter((asset) => asset.cmc?.symbol.toUpperCase() === value.toUpperCase());
}

export function handleQuotes(req: DataRequest, view: MarketView, usage: CmcUsage): RouteResult {
  const { url, nowMs } = req;
  const given = KEYS.filter((key) => url.searchParams.has(key));
  if (given.length === 0) return cmcBadRequest(`"value" must contain at least one of [id, symbol, slug]`, nowMs);
  if (given.length > 1) {
    return cmcBadRequest(`"value" contains a conflict between exclusive peers [id, symbol, slug]`, nowMs);
  }
  const key = given[0] as QueryKey;
  const convertError = checkConvert(url, nowMs);
  if (convertError) return convertError;
  const skipRaw = url.searchParams.get("skip_invalid") ?? "false";
  if (skipRaw !== "true" && skipRaw !== "false") return cmcBadRequest(`"skip_invalid" must be a boolean`, nowMs);
  const skipInvalid = skipRaw === "true";
  const values = [...new Set(commaList(url.searchParams.get(key)))];
  if (values.length === 0) return cmcBadRequest(`"${key}" is not allowed to be empty`, nowMs);

  const find = lookup(view, key);
  const found = values.map((value) => ({ value, assets: find(value) }));
  const invalid = found.filter(({ assets }) => assets.length === 0).map(({ value }) => value);
  if (invalid.length > 0 && !skipInvalid) {
    return cmcBadRequest(`Invalid value for "${key}": "${invalid.join(",")}"`, nowMs);
  }

  const data: QuotesData = {};
  let count = 0;
  for (const { value, assets } of found) {
    if (assets.length === 0) continue;
    const items = assets.map((asset) => quotesItem(view, asset, nowMs));
    count += items.length;
    if (key === "symbol") data[value.toUpperCase()] = items;
    else for (const item of items) data[String(item.id)] = item;
  }
  const body = {
    status: {
      timestamp: new Date(nowMs).toISOString(),
      error_code: 0,
      error_message: null,
      elapsed: 6 + Math.ceil(count / 50),
      credit_count: Math.max(1, Math.ceil(count / 100)),
      notice: null,
    },
    data,
  };
  usage.record(nowMs, body.status.credit_count);
  return { status: 200, body, headers: CMC_HEADERS, variants: quotesVariants(body) };
}

/** The data faults on quotes: no coins, prices as strings, the first coin's object repeated. */
function quotesVariants(body: { status: object; data: QuotesData }) {
  const copy = () => structuredClone(body);
  const stringPrice = (item: QuotesItem) => ({
    ...item,
    quote: { USD: { ...item.quote.USD, price: String(item.quote.USD.price) } },
  });
  return {
    empty: () => ({ ...copy(), data: {} }),
    wrongTypes: () => {
      const edited = copy();
      const data = Object.fromEntries(
        Object.entries(edited.data).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.map(stringPrice) : stringPrice(value),
        ]),
      );
      return { ...edited, data };
    },
    duplicateIds: () => {
      const edited = copy();
      const [firstKey, secondKey] = Object.keys(edited.data);
      const first = firstKey === undefined ? undefined : edited.data[firstKey];
      if (Array.isArray(first)) {
        if (first[0]) first.splice(1, first.length > 1 ? 1 : 0, structuredClone(first[0]));
      } else if (first && secondKey !== undefined) {
        // Under the second id, the first coin's object: a body whose key and id disagree.
        edited.data[secondKey] = structuredClone(first);
      }
      return edited;
    },
  };
}
