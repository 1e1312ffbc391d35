/** Shared helpers for the simulator's tests: start on an ephemeral port and call it with real fetch. */
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "../../simulator/server";

export const CMC_PATH = "/v1/cryptocurrency/listings/latest";
export const CMC_MAP = "/v1/cryptocurrency/map";
export const CMC_QUOTES = "/v2/cryptocurrency/quotes/latest";
export const CC_COINLIST = "/data/all/coinlist";
export const CG_COINS_LIST = "/api/v3/coins/list";

/** A fixed clock keeps timestamps, LASTUPDATE and history rows identical across servers. */
export const FIXED_NOW = Date.UTC(2026, 0, 2, 12, 34, 56, 789);

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, now: () => FIXED_NOW, ...options });
}

export interface JsonReply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function getJson<T = unknown>(url: string, init: RequestInit = {}): Promise<JsonReply<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
}

export function cmcGet<T = unknown>(sim: RunningSimulator, query = "", key: string | null = sim.cmcKey) {
  return cmcGetAt<T>(sim, CMC_PATH, query, key);
}

/** Any CoinMarketCap path (map, quotes…) with the key header. */
export function cmcGetAt<T = unknown>(
  sim: RunningSimulator,
  path: string,
  query = "",
  key: string | null = sim.cmcKey,
) {
  const headers: Record<string, string> = key === null ? {} : { "X-CMC_PRO_API_KEY": key };
  return getJson<T>(`${sim.url}${path}${query ? `?${query}` : ""}`, { headers });
}

export function ccGet<T = unknown>(sim: RunningSimulator, path: string, key: string | null = sim.cryptocompareKey) {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Apikey ${key}` };
  return getJson<T>(`${sim.url}${path}`, { headers });
}

export function control<T = unknown>(sim: RunningSimulator, method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return getJson<T>(`${sim.url}${path}`, init);
}

/** The slice of the wire shapes the tests read (declared here: the simulator never imports lib/). */
export interface CmcPlatform {
  id: number;
  name: string;
  symbol: string;
  slug: string;
  token_address: string;
}
export interface CmcItem {
  id: number;
  name: string;
  symbol: string;
  slug: string;
  cmc_rank: number;
  circulating_supply: number;
  self_reported_circulating_supply: number | null;
  self_reported_market_cap: number | null;
  platform: CmcPlatform | null;
  quote: { USD: { price: number; market_cap: number; volume_24h: number } };
}
export interface CmcBody {
  status: { error_code: number; error_message: string | null; credit_count: number; total_count: number };
  data: CmcItem[];
}
export interface CcItem {
  CoinInfo: { Id: string; Name: string; FullName: string; MaxSupply: number };
  RAW?: { USD: Record<string, number | string> };
  DISPLAY?: { USD: Record<string, string> };
}
export interface CcToplist {
  Message: string;
  Type: number;
  MetaData: { Count: number };
  SponsoredData: CcItem[];
  Data: CcItem[];
}
export interface CmcStatus {
  timestamp: string;
  error_code: number;
  error_message: string | null;
  elapsed: number;
  credit_count: number;
  notice?: null;
}
export interface CmcMapItem {
  id: number;
  name: string;
  symbol: string;
  slug: string;
  is_active: number;
  rank: number;
  first_historical_data: string;
  last_historical_data: string;
  platform: CmcPlatform | null;
}
export interface CmcMapBody {
  status: CmcStatus;
  data: CmcMapItem[];
}
export type CmcQuote = CmcItem & { is_active: number; is_fiat: number; tags: { slug: string; name: string }[] };
export interface CmcQuotesBody<T = CmcQuote> {
  status: CmcStatus;
  data: Record<string, T>;
}
export interface CoinlistEntry {
  Id: string;
  Name: string;
  Symbol: string;
  CoinName: string;
  FullName: string;
  PlatformType: string;
  BuiltOn: string;
  SmartContractAddress: string;
  [field: string]: unknown;
}
export interface CoinlistBody {
  Response: string;
  Message: string;
  Data: Record<string, CoinlistEntry>;
  Type: number;
}
export interface CgListItem {
  id: string;
  symbol: string;
  name: string;
  platforms?: Record<string, string>;
}
export interface TruthRow {
  rank: number;
  symbol: string;
  name: string;
  ccId: string;
  cmcId: number | null;
  cgId: string | null;
  priceUsd: number | null;
  expected: string;
}

/** Every ranked CryptoCompare item, by walking the pages as a client would. */
export async function allRanked(sim: RunningSimulator, list = "totalvolfull"): Promise<CcItem[]> {
  const items: CcItem[] = [];
  for (let page = 0; ; page++) {
    const { body } = await ccGet<CcToplist>(sim, `/data/top/${list}?tsym=USD&limit=100&page=${page}`);
    items.push(...body.Data);
    if (body.Data.length < 100) return items;
  }
}
