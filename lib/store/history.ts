// Writing and compacting price history. Every stored price snapshot adds a raw point per coin and
// moves the close of the coin's current hour and UTC day; backfill adds provider history.
import type { Insertable, Kysely } from "kysely";
import { DAY_MS, HOUR_MS, historyKey } from "../domain/history";
import type { PriceQuote } from "../domain/types";
import { StoreError } from "./errors";
import { insertBatches, toIso } from "./rows";
import type { Database, PriceHistoryTable } from "./schema";

type HistoryRow = Insertable<PriceHistoryTable>;

export interface PricePointsAppend {
  /** The pricing provider; the coin key is `<provider>:<quote.providerId>`. */
  provider: string;
  /** When the snapshot was fetched: the raw point's time. */
  at: Date;
  quotes: readonly PriceQuote[];
}

export interface AppendResult {
  /** Coins that got a point. */
  points: number;
  /** Quotes left out: a repeated id, or a price that is not a positive finite number. */
  skipped: number;
}

const finiteOrNull = (value: number | null | undefined) =>
  value !== null && value !== undefined && Number.isFinite(value) ? value : null;

const validPrice = (value: number) => Number.isFinite(value) && value > 0;

// A multi-row upsert: the latest write of a key wins. PostgreSQL refuses a statement that
// touches one key twice, so callers pass rows with distinct keys.
async function upsertRows(db: Kysely<Database>, rows: HistoryRow[]): Promise<void> {
  for (const batch of insertBatches(rows)) {
    await db
      .insertInto("price_history")
      .values(batch)
      .onConflict((conflict) =>
        conflict.columns(["coin_key", "resolution", "ts"]).doUpdateSet((eb) => ({
          price_usd: eb.ref("excluded.price_usd"),
          market_cap_usd: eb.ref("excluded.market_cap_usd"),
          volume_24h_usd: eb.ref("excluded.volume_24h_usd"),
          source: eb.ref("excluded.source"),
        })),
      )
      .execute();
  }
}

/**
 * Adds one snapshot's quotes in one transaction and one statement per ~1500 quotes: a raw point
 * at `at`, and the close of the hour and of the UTC day that hold `at`. Appends arrive in fetch
 * order (one pricing service writes them), so the last write of a bucket is its close.
 */
export async function appendPricePoints(db: Kysely<Database>, append: PricePointsAppend): Promise<AppendResult> {
  const atMs = new Date(toIso(append.at, "at")).getTime();
  const stamps = {
    raw: new Date(atMs).toISOString(),
    hour: new Date(Math.floor(atMs / HOUR_MS) * HOUR_MS).toISOString(),
    day: new Date(Math.floor(atMs / DAY_MS) * DAY_MS).toISOString(),
  };
  const seen = new Set<string>();
  const rows: HistoryRow[] = [];
  for (const quote of append.quotes) {
    // The first quote of a repeated id wins, as in the merge.
    if (seen.has(quote.providerId) || !validPrice(quote.priceUsd)) continue;
    seen.add(quote.providerId);
    const point = {
      coin_key: historyKey(append.provider, quote.providerId),
      price_usd: quote.priceUsd,
      market_cap_usd: finiteOrNull(quote.marketCapUsd),
      volume_24h_usd: finiteOrNull(quote.volume24hUsd),
      source: append.provider,
    };
    for (const resolution of ["raw", "hour", "day"] as const)
      rows.push({ ...point, resolution, ts: stamps[resolution] });
  }
  if (rows.length > 0) await db.transaction().execute((trx) => upsertRows(trx, rows));
  return { points: seen.size, skipped: append.quotes.length - seen.size };
}

export interface BackfillPoint {
  /** The period's start. */
  ts: Date;
  priceUsd: number;
  volume24hUsd?: number | null;
}

export interface BackfillWrite {
  coinKey: string;
  resolution: "hour" | "day";
  points: readonly BackfillPoint[];
  /** The provider the points came from. */
  source: string;
}

/** Stores a coin's backfilled closes in one transaction (a refetch overwrites); returns how many. */
export async function upsertBackfillPoints(db: Kysely<Database>, write: BackfillWrite): Promise<number> {
  const byTs = new Map<string, HistoryRow>();
  for (const point of write.points) {
    if (!validPrice(point.priceUsd)) continue;
    const ts = toIso(point.ts, `${write.coinKey} backfill ts`);
    byTs.set(ts, {
      coin_key: write.coinKey,
      resolution: write.resolution,
      ts,
      price_usd: point.priceUsd,
      market_cap_usd: null,
      volume_24h_usd: finiteOrNull(point.volume24hUsd),
      source: write.source,
    });
  }
  const rows = [...byTs.values()];
  if (rows.length > 0) await db.transaction().execute((trx) => upsertRows(trx, rows));
  return rows.length;
}

export interface HistoryRetention {
  now: Date;
  /** Raw points older than this are deleted (default 48). */
  rawRetentionHours?: number;
  /** Hourly points older than this are deleted (default 90); so are backfill states. */
  hourRetentionDays?: number;
  /** Daily points older than this are deleted (default 3650). */
  dayRetentionDays?: number;
}

export const DEFAULT_HISTORY_RETENTION = { rawRetentionHours: 48, hourRetentionDays: 90, dayRetentionDays: 3650 };

export interface CompactResult {
  raw: number;
  hour: number;
  day: number;
  backfillStates: number;
}

function retentionMs(value: number, unitMs: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new StoreError(`${name} must be a positive number, got ${value}`);
  return value * unitMs;
}

/**
 * Deletes what aged out, which keeps the history bounded: per coin at most 48 h of raw points,
 * 90 days of hours and 10 years of days. A backfill state untouched for the hourly retention
 * belongs to a coin that left the ranking; deleting it only means a refetch should it return.
 */
export async function compactHistory(db: Kysely<Database>, retention: HistoryRetention): Promise<CompactResult> {
  const nowMs = new Date(toIso(retention.now, "now")).getTime();
  const limits = { ...DEFAULT_HISTORY_RETENTION, ...retention };
  const cutoff = (ms: number) => new Date(nowMs - ms).toISOString();
  const cutoffs = {
    raw: cutoff(retentionMs(limits.rawRetentionHours, HOUR_MS, "rawRetentionHours")),
    hour: cutoff(retentionMs(limits.hourRetentionDays, DAY_MS, "hourRetentionDays")),
    day: cutoff(retentionMs(limits.dayRetentionDays, DAY_MS, "dayRetentionDays")),
  };
  // Separate statements, no transaction: each is consistent alone, and short write locks let the
  // snapshot writers in between.
  const deleted = { raw: 0, hour: 0, day: 0, backfillStates: 0 };
  for (const resolution of ["raw", "hour", "day"] as const) {
    const result = await db
      .deleteFrom("price_history")
      .where("resolution", "=", resolution)
      .where("ts", "<", cutoffs[resolution])
      .executeTakeFirst();
    deleted[resolution] = Number(result.numDeletedRows);
  }
  const states = await db.deleteFrom("history_backfill").where("attempted_at", "<", cutoffs.hour).executeTakeFirst();
  deleted.backfillStates = Number(states.numDeletedRows);
  return deleted;
}
