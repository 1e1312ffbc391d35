// Which coins' history was backfilled, when, and what went wrong last, so the ranking service
// refreshes each coin about once a day and does not retry a refusing coin every cycle.
import type { Kysely } from "kysely";
import { toDate, toIso, toNullableDate } from "./rows";
import type { Database } from "./schema";
import { clipError } from "./sources";

const KEYS_PER_QUERY = 1000;

export type BackfillResolution = "hour" | "day";

export interface BackfillState {
  coinKey: string;
  resolution: BackfillResolution;
  /** The last successful backfill; null while every attempt failed. */
  fetchedAt: Date | null;
  attemptedAt: Date;
  /** The last attempt's error; null when it succeeded. */
  lastError: string | null;
}

export interface BackfillMark {
  coinKey: string;
  resolution: BackfillResolution;
  at: Date;
}

/** Records a successful backfill of one coin at one resolution. */
export async function markBackfilled(db: Kysely<Database>, mark: BackfillMark): Promise<void> {
  const at = toIso(mark.at, "at");
  const changes = { fetched_at: at, attempted_at: at, last_error: null };
  await db
    .insertInto("history_backfill")
    .values({ coin_key: mark.coinKey, resolution: mark.resolution, ...changes })
    .onConflict((conflict) => conflict.columns(["coin_key", "resolution"]).doUpdateSet(changes))
    .execute();
}

/** Records a failed backfill; the last success (fetched_at) stays. */
export async function recordBackfillFailure(
  db: Kysely<Database>,
  failure: BackfillMark & { error: string },
): Promise<void> {
  const at = toIso(failure.at, "at");
  const error = clipError(failure.error);
  await db
    .insertInto("history_backfill")
    .values({
      coin_key: failure.coinKey,
      resolution: failure.resolution,
      fetched_at: null,
      attempted_at: at,
      last_error: error,
    })
    .onConflict((conflict) =>
      conflict.columns(["coin_key", "resolution"]).doUpdateSet({ attempted_at: at, last_error: error }),
    )
    .execute();
}

/** The states of the given keys (both resolutions), ordered by key then resolution. */
export async function readBackfillState(
  db: Kysely<Database>,
  query: { keys: readonly string[] },
): Promise<BackfillState[]> {
  const keys = [...new Set(query.keys)];
  const states: BackfillState[] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom("history_backfill")
      .selectAll()
      .where("coin_key", "in", keys.slice(start, start + KEYS_PER_QUERY))
      .orderBy("coin_key")
      .orderBy("resolution")
      .execute();
    for (const row of rows) {
      if (row.resolution !== "hour" && row.resolution !== "day") continue;
      states.push({
        coinKey: row.coin_key,
        resolution: row.resolution,
        fetchedAt: toNullableDate(row.fetched_at),
        attemptedAt: toDate(row.attempted_at),
        lastError: row.last_error,
      });
    }
  }
  return states.sort((a, b) => (a.coinKey < b.coinKey ? -1 : a.coinKey > b.coinKey ? 1 : 0));
}
