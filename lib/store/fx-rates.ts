// The exchange-rate table `vs=` converts with, and its source bookkeeping: written by the FX
// service, read by the web's view store. One row; a fetch with the same rates only moves
// checked_at, so readers can tell fresh rates from confirmed ones.
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { RatesPerUsd } from "../domain/currencies";
import { contentHash } from "../domain/hash";
import { StoreError } from "./errors";
import { fromFlag, toFlag, toIso, toNullableDate } from "./rows";
import type { Database } from "./schema";
import { clipError, STORE_CHANGE_CHANNEL } from "./sources";
import { dialectOf } from "./sqlite-dialect";

export interface FxState {
  provider: string;
  /** Null before the first successful fetch. */
  perUsd: RatesPerUsd | null;
  fetchedAt: Date | null;
  checkedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  nextAttemptAt: Date | null;
  intervalSeconds: number;
  simulated: boolean;
}

export interface FxWrite {
  provider: string;
  perUsd: RatesPerUsd;
  at: Date;
  intervalSeconds: number;
  simulated: boolean;
}

export interface FxFailure {
  provider: string;
  error: string;
  at: Date;
  intervalSeconds: number;
  nextAttemptAt: Date | null;
}

const storedRates = z.record(z.string().regex(/^[A-Z]{3,4}$/), z.number().positive().finite());

async function notifyFxChange(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === "postgres") await sql`select pg_notify(${STORE_CHANGE_CHANNEL}, 'fx')`.execute(db);
}

/** Stores a successful fetch: new rates move fetched_at; the same rates only checked_at. */
export async function writeFxRates(db: Kysely<Database>, write: FxWrite): Promise<"stored" | "unchanged"> {
  for (const [code, rate] of Object.entries(write.perUsd)) {
    if (!(Number.isFinite(rate) && rate > 0)) throw new StoreError(`fx rate ${code} must be a positive number`);
  }
  const at = toIso(write.at, "at");
  const hash = contentHash([write.perUsd]);
  const previous = await db.selectFrom("fx_rates").select("content_hash").where("id", "=", 1).executeTakeFirst();
  const changed = previous?.content_hash !== hash;
  const common = {
    provider: write.provider,
    checked_at: at,
    last_error: null,
    next_attempt_at: null,
    interval_seconds: write.intervalSeconds,
    simulated: toFlag(write.simulated),
    updated_at: at,
  };
  const rates = changed ? { rates: JSON.stringify(write.perUsd), content_hash: hash, fetched_at: at } : {};
  await db
    .insertInto("fx_rates")
    .values({ id: 1, ...common, rates: JSON.stringify(write.perUsd), content_hash: hash, fetched_at: at })
    .onConflict((conflict) => conflict.column("id").doUpdateSet({ ...common, ...rates }))
    .execute();
  await notifyFxChange(db);
  return changed ? "stored" : "unchanged";
}

/** Records a failed fetch; the last good rates stay. */
export async function recordFxError(db: Kysely<Database>, failure: FxFailure): Promise<void> {
  const at = toIso(failure.at, "at");
  const error = clipError(failure.error);
  const changes = {
    provider: failure.provider,
    last_error: error,
    last_error_at: at,
    next_attempt_at: failure.nextAttemptAt === null ? null : toIso(failure.nextAttemptAt, "nextAttemptAt"),
    interval_seconds: failure.intervalSeconds,
    updated_at: at,
  };
  await db
    .insertInto("fx_rates")
    .values({ id: 1, ...changes, simulated: 0 })
    .onConflict((conflict) => conflict.column("id").doUpdateSet(changes))
    .execute();
  await notifyFxChange(db);
}

/** A cheap key that changes whenever the rates, their check or their error does; "none" before any. */
export async function readFxVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom("fx_rates")
    .select(["content_hash", "checked_at", "last_error_at"])
    .where("id", "=", 1)
    .executeTakeFirst();
  if (!row) return "none";
  const time = (value: Date | string | null) => toNullableDate(value)?.getTime() ?? "-";
  return `${row.content_hash ?? "-"}.${time(row.checked_at)}.${time(row.last_error_at)}`;
}

export async function readFxState(db: Kysely<Database>): Promise<FxState | null> {
  const row = await db.selectFrom("fx_rates").selectAll().where("id", "=", 1).executeTakeFirst();
  if (!row) return null;
  let perUsd: RatesPerUsd | null = null;
  if (row.rates !== null) {
    const parsed = storedRates.safeParse(JSON.parse(row.rates));
    if (!parsed.success) throw new StoreError(`fx_rates.rates holds an unreadable table: ${parsed.error.message}`);
    perUsd = parsed.data;
  }
  return {
    provider: row.provider,
    perUsd,
    fetchedAt: toNullableDate(row.fetched_at),
    checkedAt: toNullableDate(row.checked_at),
    lastError: row.last_error,
    lastErrorAt: toNullableDate(row.last_error_at),
    nextAttemptAt: toNullableDate(row.next_attempt_at),
    intervalSeconds: row.interval_seconds,
    simulated: fromFlag(row.simulated),
  };
}
