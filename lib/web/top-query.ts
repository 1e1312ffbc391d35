// Validation of the /api/top query: `limit`, `offset`, `format`, `sort`, `order`, `ids`,
// `symbols`, `fields`, `min_market_cap`, `min_volume` and `exclude`, plus content negotiation. Every parameter is given at most once; a bad one
// is a 400 that names it and what it allows.
import { type CoinCategory, EXCLUDE_NAMES } from "../domain/categories";
import { CURRENCY_CODES, currencyOf } from "../domain/currencies";
import type { MergedRow } from "../domain/merge";
import { shown } from "./responses";

export type TopFormat = "json" | "csv";

/** The row keys a client may sort by. */
export const SORT_KEYS = [
  "rank",
  "name",
  "symbol",
  "priceUsd",
  "marketCapUsd",
  "volume24hUsd",
  "change1hPct",
  "change24hPct",
  "change7dPct",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = "asc" | "desc";

/** Every key of a row, in the order the JSON gives them: what `fields` may name. */
export const ROW_FIELDS = [
  "rank",
  "id",
  "symbol",
  "name",
  "rankingId",
  "rankChange",
  "pricingProvider",
  "pricingId",
  "priceUsd",
  "priceStatus",
  "priceReason",
  "matchedBy",
  "matchEvidence",
  "priceSource",
  "marketCapUsd",
  "volume24hUsd",
  "change1hPct",
  "change24hPct",
  "change7dPct",
  "circulatingSupply",
  "lastUpdated",
  "priceCheck",
  "categories",
] as const satisfies ReadonlyArray<keyof MergedRow>;
/** The keys a row gains in the quote currency (`vs`): beside the USD figures, never instead. */
export const CURRENCY_FIELDS = ["price", "marketCap", "volume24h"] as const;
export type CurrencyField = (typeof CURRENCY_FIELDS)[number];

/** A key `fields` may name: a row's own, or one in the quote currency. */
export type RowField = (typeof ROW_FIELDS)[number] | CurrencyField;

/** A served row: the merged row, with its figures in the quote currency when the query names one. */
export type ServedRow = MergedRow & Partial<Record<CurrencyField, number | null>>;

export function isCurrencyField(field: string): field is CurrencyField {
  return (CURRENCY_FIELDS as readonly string[]).includes(field);
}

/** The CSV's columns when `fields` is not given. */
export const DEFAULT_CSV_FIELDS: readonly RowField[] = ["rank", "symbol", "priceUsd"];

/** At most this many ids or symbols in one request. */
export const MAX_LISTED = 250;

export interface TopQuery {
  limit: number;
  /** Rows skipped before the page, after filtering and sorting. */
  offset: number;
  format: TopFormat;
  sort: SortKey;
  order: SortOrder;
  /** Only these coins (by stable id), with `symbols`: either matches. Null: every coin. */
  ids: readonly string[] | null;
  /** Only coins with these symbols (upper case; a shared symbol matches all its coins). Null: every coin. */
  symbols: readonly string[] | null;
  /** The keys of each row, in this order; null: every key (JSON) or DEFAULT_CSV_FIELDS (CSV). */
  fields: readonly RowField[] | null;
  /** Only coins with at least this market cap (USD); a coin without one is left out. Null: no bound. */
  minMarketCap: number | null;
  /** Only coins with at least this 24 h volume (USD); a coin without one is left out. Null: no bound. */
  minVolume: number | null;
  /** The quote currency (upper case) rows are also given in; null: USD only. */
  vs: string | null;
  /** Coins of these classes are left out (`exclude=stablecoins,wrapped`); a coin of unknown class is kept. Null: none. */
  exclude: readonly CoinCategory[] | null;
}

export interface QueryError {
  status: 400 | 406;
  code: string;
  message: string;
}

const DIGITS = /^[0-9]{1,7}$/;
export const COIN_ID = /^[A-Za-z0-9._-]{1,128}$/;
// Symbols are the providers' tickers: letters and digits, and a few that carry a dot, dash or $.
export const SYMBOL = /^[A-Za-z0-9.$_-]{1,32}$/;
/** A coin named either way, as /api/price takes it: a stable id or a symbol. */
export const COIN_KEY = /^[A-Za-z0-9._$-]{1,128}$/;

function invalid(name: string, message: string): QueryError {
  return { status: 400, code: `invalid_${name}`, message };
}

/** The one value of a parameter; undefined when absent, a QueryError when given twice. */
function single(params: URLSearchParams, name: string, allowed: string): string | undefined | QueryError {
  const values = params.getAll(name);
  if (values.length > 1) return invalid(name, `${name} must be given once: ${allowed}`);
  return values[0];
}

/** The q-value an Accept header gives a media type: an exact range beats `type/*`, which beats `*` + `/*`. */
export function acceptQuality(accept: string | null, mediaType: string): number {
  if (!accept) return 0;
  const [type] = mediaType.split("/");
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(",")) {
    const [name = "", ...params] = range.trim().toLowerCase().split(";");
    const specificity = name === mediaType ? 2 : name === `${type}/*` ? 1 : name === "*/*" ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/** True when the Accept header ranks CSV above JSON (`format` wins over Accept). */
export function prefersCsv(accept: string | null): boolean {
  return acceptQuality(accept, "text/csv") > acceptQuality(accept, "application/json");
}

/** Parses `limit`: an integer from 1 to depth, given at most once; absent means the whole depth. */
export function parseLimit(params: URLSearchParams, depth: number): number | QueryError {
  const limits = params.getAll("limit");
  if (limits.length > 1) {
    return {
      status: 400,
      code: "invalid_limit",
      message: `limit must be given once, as an integer from 1 to ${depth}`,
    };
  }
  if (limits.length === 0) return depth;
  const raw = limits[0] ?? "";
  const value = DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= depth)) {
    return {
      status: 400,
      code: "invalid_limit",
      message: `limit must be an integer from 1 to ${depth}; got ${shown(raw)}`,
    };
  }
  return value;
}

/** Parses `offset`: an integer from 0 to depth - 1, default 0. */
function parseOffset(params: URLSearchParams, depth: number): number | QueryError {
  const allowed = `an integer from 0 to ${depth - 1}`;
  const raw = single(params, "offset", allowed);
  if (typeof raw === "object") return raw;
  if (raw === undefined) return 0;
  const value = DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 0 && value < depth)) return invalid("offset", `offset must be ${allowed}; got ${shown(raw)}`);
  return value;
}

function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  choices: readonly T[],
): T | undefined | QueryError {
  const allowed = `one of ${choices.join(", ")}`;
  const raw = single(params, name, allowed);
  if (typeof raw === "object" || raw === undefined) return raw;
  return (choices as readonly string[]).includes(raw)
    ? (raw as T)
    : invalid(name, `${name} must be ${allowed}; got ${shown(raw)}`);
}

/** A comma-separated list: each item checked by `pattern`, duplicates dropped, at most MAX_LISTED. */
function listOf(params: URLSearchParams, name: string, what: string, pattern: RegExp): string[] | null | QueryError {
  const raw = single(params, name, `a comma-separated list of ${what}`);
  if (typeof raw === "object") return raw;
  if (raw === undefined) return null;
  const items = raw.split(",").map((item) => item.trim());
  const bad = items.find((item) => !pattern.test(item));
  if (bad !== undefined) {
    return invalid(
      name,
      bad === ""
        ? `${name} must be a comma-separated list of ${what}, with no empty item; got ${shown(raw)}`
        : `${name} must be a comma-separated list of ${what}; got ${shown(bad)} in ${shown(raw)}`,
    );
  }
  const unique = [...new Set(items)];
  if (unique.length > MAX_LISTED) {
    return invalid(name, `${name} may list at most ${MAX_LISTED} ${what}; got ${unique.length}`);
  }
  return unique;
}

/** A non-negative amount in USD, in plain decimal notation (`1000000`, `2.5e9` is refused). */
export const AMOUNT = /^[0-9]{1,16}(\.[0-9]{1,8})?$/;

function parseAmount(params: URLSearchParams, name: string): number | null | QueryError {
  const allowed = "a non-negative amount in USD, such as 1000000";
  const raw = single(params, name, allowed);
  if (typeof raw === "object") return raw;
  if (raw === undefined) return null;
  return AMOUNT.test(raw) ? Number(raw) : invalid(name, `${name} must be ${allowed}; got ${shown(raw)}`);
}

/** `exclude`: a comma-separated list of the classes in EXCLUDE_NAMES (`stablecoins`, `wrapped`). */
function parseExclude(params: URLSearchParams): CoinCategory[] | null | QueryError {
  const allowed = Object.keys(EXCLUDE_NAMES).join(", ");
  const names = listOf(params, "exclude", `classes (${allowed})`, /^[A-Za-z0-9_-]{1,40}$/);
  if (names === null || !Array.isArray(names)) return names;
  const unknown = names.find((name) => !Object.hasOwn(EXCLUDE_NAMES, name.toLowerCase()));
  if (unknown !== undefined) {
    return invalid("exclude", `exclude must be a comma-separated list of ${allowed}; got ${shown(unknown)}`);
  }
  const categories = new Set(names.map((name) => EXCLUDE_NAMES[name.toLowerCase()] as CoinCategory));
  return [...categories].sort();
}

/** Every key `fields` may name, in the order the JSON gives them. */
export const FIELD_NAMES: readonly RowField[] = [...ROW_FIELDS, ...CURRENCY_FIELDS];

function parseFields(params: URLSearchParams): RowField[] | null | QueryError {
  const names = listOf(params, "fields", "row keys", /^[A-Za-z0-9]{1,40}$/);
  if (names === null || !Array.isArray(names)) return names;
  const unknown = names.find((name) => !(FIELD_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    return invalid("fields", `fields must name keys of a row (${FIELD_NAMES.join(", ")}); got ${shown(unknown)}`);
  }
  return names as RowField[];
}

/** Parses `vs`: a currency code Top Coins converts to, in any case. */
export function parseVs(params: URLSearchParams): string | null | QueryError {
  const allowed = `a currency code: ${CURRENCY_CODES.join(", ")} (any case)`;
  const raw = single(params, "vs", allowed);
  if (typeof raw === "object") return raw;
  if (raw === undefined) return null;
  const currency = currencyOf(raw);
  return currency ? currency.code : invalid("vs", `vs must be ${allowed}; got ${shown(raw)}`);
}

/**
 * The currency a query's rows are also given in: `vs`, or USD when `fields` names a currency key
 * without it; null when the query asks for neither.
 */
export function quoteCurrencyOf(query: Pick<TopQuery, "vs" | "fields">): string | null {
  if (query.vs !== null) return query.vs;
  return query.fields?.some(isCurrencyField) ? "USD" : null;
}

/** Parses every /api/top parameter; unknown parameters are ignored, as caches and trackers add them. */
export function parseTopQuery(params: URLSearchParams, accept: string | null, depth: number): TopQuery | QueryError {
  const limit = parseLimit(params, depth);
  if (typeof limit !== "number") return limit;
  const offset = parseOffset(params, depth);
  if (typeof offset !== "number") return offset;
  const format = oneOf<TopFormat>(params, "format", ["json", "csv"]);
  if (typeof format === "object") return format;
  const sort = oneOf<SortKey>(params, "sort", SORT_KEYS);
  if (typeof sort === "object") return sort;
  const order = oneOf<SortOrder>(params, "order", ["asc", "desc"]);
  if (typeof order === "object") return order;
  const ids = listOf(params, "ids", "coin ids (the `id` of a row)", COIN_ID);
  if (ids !== null && !Array.isArray(ids)) return ids;
  const symbols = listOf(params, "symbols", "symbols", SYMBOL);
  if (symbols !== null && !Array.isArray(symbols)) return symbols;
  const fields = parseFields(params);
  if (fields !== null && !Array.isArray(fields)) return fields;
  const minMarketCap = parseAmount(params, "min_market_cap");
  if (typeof minMarketCap === "object" && minMarketCap !== null) return minMarketCap;
  const minVolume = parseAmount(params, "min_volume");
  if (typeof minVolume === "object" && minVolume !== null) return minVolume;
  const vs = parseVs(params);
  if (typeof vs === "object" && vs !== null) return vs;
  const exclude = parseExclude(params);
  if (exclude !== null && !Array.isArray(exclude)) return exclude;
  const sortKey = sort ?? "rank";
  return {
    limit,
    offset,
    format: format ?? (prefersCsv(accept) ? "csv" : "json"),
    sort: sortKey,
    order: order ?? defaultOrder(sortKey),
    ids,
    symbols: symbols === null ? null : [...new Set(symbols.map((symbol) => symbol.toUpperCase()))],
    fields,
    minMarketCap,
    minVolume,
    exclude,
    vs,
  };
}

/** Rank, name and symbol read best ascending; prices, market caps, volumes and changes largest first. */
export function defaultOrder(sort: SortKey): SortOrder {
  return sort === "rank" || sort === "name" || sort === "symbol" ? "asc" : "desc";
}

/** A query with every parameter at its default but those given (for callers other than the URL's). */
export function topQueryOf(given: Partial<TopQuery> & Pick<TopQuery, "limit" | "format">): TopQuery {
  const sort = given.sort ?? "rank";
  return {
    limit: given.limit,
    offset: given.offset ?? 0,
    format: given.format,
    sort,
    order: given.order ?? defaultOrder(sort),
    ids: given.ids ?? null,
    symbols: given.symbols ?? null,
    fields: given.fields ?? null,
    minMarketCap: given.minMarketCap ?? null,
    minVolume: given.minVolume ?? null,
    exclude: given.exclude ?? null,
    vs: given.vs ?? null,
  };
}

/** One text per distinct answer: the cache key of a prepared body and the base of its ETag. */
export function queryKey(query: TopQuery): string {
  const list = (items: readonly string[] | null) => (items === null ? "" : [...items].sort().join(","));
  const fields = query.fields === null ? "" : query.fields.join(",");
  return [
    query.format,
    query.limit,
    query.offset,
    query.sort,
    query.order,
    list(query.ids),
    list(query.symbols),
    fields,
    // The bounds and the classes left out change the rows too: without them two queries would share a body.
    query.minMarketCap ?? "",
    query.minVolume ?? "",
    list(query.exclude),
    query.vs ?? "",
  ].join("|");
}
