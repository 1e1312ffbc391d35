// The /api/top JSON body as the dashboard sees it, and the polling cadence it implies.
import type { CurrencyMeta } from "@/lib/web/quote-currency";
import type { ServedRow } from "@/lib/web/top-query";
import type { SourceMeta, TopMeta } from "@/lib/web/view";

/** The fields of a merged row that the dashboard reads. A polled /api/top row has them all and more. */
const TOP_ROW_FIELDS = [
  "rank",
  "id",
  "symbol",
  "name",
  "rankingId",
  "rankChange",
  "priceUsd",
  "priceReason",
  "priceCheck",
  "marketCapUsd",
  "volume24hUsd",
  "change1hPct",
  "change24hPct",
  "change7dPct",
] as const satisfies readonly (keyof ServedRow)[];

/** The figures in the page's currency, present when it is not USD. */
const CURRENCY_ROW_FIELDS = ["price", "marketCap", "volume24h"] as const satisfies readonly (keyof ServedRow)[];

export type TopRow = Pick<ServedRow, (typeof TOP_ROW_FIELDS)[number]> &
  Partial<Pick<ServedRow, (typeof CURRENCY_ROW_FIELDS)[number]>>;
export type SourceFreshness = SourceMeta;

export interface TopPayload {
  data: TopRow[];
  /** `currency`: present when the page asked for one (`vs`). */
  meta: TopMeta & { limit: number; count: number; currency?: CurrencyMeta };
}

/** 7-day price points by rankingId, as GET /api/sparklines answers them. */
export type SparklineMap = Readonly<Record<string, readonly number[]>>;

/** Never poll faster than this, whatever the sources say. */
export const MIN_REFRESH_MS = 2000;

/** Poll at the faster source's cadence, at least every 2 s. */
export function refreshIntervalMs(meta: Pick<TopMeta, "ranking" | "pricing">): number {
  const seconds = Math.min(meta.ranking.refreshSeconds, meta.pricing.refreshSeconds);
  return Number.isFinite(seconds) ? Math.max(MIN_REFRESH_MS, seconds * 1000) : MIN_REFRESH_MS;
}

/** Whole seconds since `checkedAt` at `nowMs`; null when the source was never checked. */
export function ageSeconds(checkedAt: string | null, nowMs: number): number | null {
  if (!checkedAt) return null;
  const at = Date.parse(checkedAt);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((nowMs - at) / 1000));
}

/** Stale as the server said, or because time has passed the limit since (e.g. while polling fails). */
export function isStaleAt(source: SourceFreshness, nowMs: number): boolean {
  if (source.stale) return true;
  const age = ageSeconds(source.checkedAt, nowMs);
  return age === null || age > source.staleAfterSeconds;
}

/**
 * A row cut down to what the dashboard reads. The page hands its first rows to the client inside
 * the HTML; the six fields it never shows (pricing ids, match rule, supply, update time) were a
 * quarter of the HTML of `/` (39 of 160 kB, 4 kB of 32 kB gzip).
 */
export function toTopRow(row: TopRow): TopRow {
  const fields = row.price === undefined ? TOP_ROW_FIELDS : [...TOP_ROW_FIELDS, ...CURRENCY_ROW_FIELDS];
  return Object.fromEntries(fields.map((field) => [field, row[field]])) as TopRow;
}

/** A row's price, market cap and volume in the page's currency (the USD figures for USD). */
export function amountsIn(row: TopRow, currency: string) {
  if (currency === "USD") return { price: row.priceUsd, marketCap: row.marketCapUsd, volume: row.volume24hUsd };
  return { price: row.price ?? null, marketCap: row.marketCap ?? null, volume: row.volume24h ?? null };
}
