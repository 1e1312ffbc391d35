// Per-source bookkeeping: which snapshot is current, when the upstream last confirmed it, and
// what went wrong last. Readers poll readStoreVersion to learn cheaply that something changed.
import type { Kysely, Selectable } from "kysely";
import { sql } from "kysely";
import { utcDay } from "../domain/credits";
import type { ProviderSelection, SourceRole, SourceState } from "../domain/types";
import { fromFlag, toFlag, toIso, toNullableDate } from "./rows";
import type { Database, SourceStateTable } from "./schema";
import { dialectOf } from "./sqlite-dialect";

// An upstream error can carry a whole HTML page; the first part says what went wrong.
const MAX_ERROR_LENGTH = 2000;

/** An error as the store keeps it: at most MAX_ERROR_LENGTH characters, a cut one ending in "…". */
export function clipError(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

/** The channel PostgreSQL readers LISTEN on; the payload is the role that changed. */
export const STORE_CHANGE_CHANNEL = "topcoins_store";

/**
 * Tells PostgreSQL listeners that a role's state changed. Inside a transaction the notification
 * is delivered at commit (and dropped on rollback). SQLite has no notifications: readers poll.
 */
async function notifyChange(db: Kysely<Database>, role: SourceRole): Promise<void> {
  if (dialectOf(db) === "postgres") await sql`select pg_notify(${STORE_CHANGE_CHANNEL}, ${role})`.execute(db);
}

/** The selection columns for a write; nothing when the writer does not say (they keep their value). */
function selectionColumns(selection: ProviderSelection | undefined) {
  if (!selection) return {};
  return {
    primary_provider: selection.primary,
    selection_mode: selection.mode,
    selection_reason: selection.reason,
    selection_since: toIso(selection.since, "selection.since"),
  };
}

export interface SnapshotSourceUpdate {
  role: SourceRole;
  provider: string;
  snapshotId: number;
  fetchedAt: Date;
  intervalSeconds: number;
  simulated: boolean;
  /** Which provider serves the role and why. */
  selection?: ProviderSelection;
}

/** Points the source at a snapshot just written; runs inside the snapshot's transaction. */
export async function recordSnapshotInSource(db: Kysely<Database>, update: SnapshotSourceUpdate): Promise<void> {
  const at = toIso(update.fetchedAt, "fetchedAt");
  // last_error_at stays on update: it records when the source last failed, even after recovery.
  const changes = {
    provider: update.provider,
    snapshot_id: update.snapshotId,
    fetched_at: at,
    checked_at: at,
    last_error: null,
    next_attempt_at: null,
    interval_seconds: update.intervalSeconds,
    simulated: toFlag(update.simulated),
    updated_at: at,
    ...selectionColumns(update.selection),
  };
  await db
    .insertInto("source_state")
    .values({ role: update.role, ...changes, last_error_at: null })
    .onConflict((conflict) => conflict.column("role").doUpdateSet(changes))
    .execute();
  await notifyChange(db, update.role);
}

export interface SourceCheck {
  role: SourceRole;
  checkedAt: Date;
  provider: string;
  intervalSeconds: number;
  simulated: boolean;
  selection?: ProviderSelection;
}

/**
 * Records that the upstream answered with the content already stored: only checked_at moves
 * and last_error clears (last_error_at stays as history). The interval follows the service's
 * current setting, since readers judge staleness by it. Creates the row if it is missing.
 */
export async function markSourceChecked(db: Kysely<Database>, check: SourceCheck): Promise<void> {
  const at = toIso(check.checkedAt, "checkedAt");
  await db
    .insertInto("source_state")
    .values({
      role: check.role,
      provider: check.provider,
      snapshot_id: null,
      fetched_at: null,
      checked_at: at,
      last_error: null,
      last_error_at: null,
      interval_seconds: check.intervalSeconds,
      simulated: toFlag(check.simulated),
      updated_at: at,
      ...selectionColumns(check.selection),
    })
    .onConflict((conflict) =>
      conflict.column("role").doUpdateSet({
        checked_at: at,
        last_error: null,
        next_attempt_at: null,
        interval_seconds: check.intervalSeconds,
        updated_at: at,
        ...selectionColumns(check.selection),
      }),
    )
    .execute();
  await notifyChange(db, check.role);
}

export interface SourceFailure {
  role: SourceRole;
  provider: string;
  error: string;
  at: Date;
  intervalSeconds: number;
  selection?: ProviderSelection;
  /** When the service will try again (after its backoff); absent: it did not say. */
  nextAttemptAt?: Date;
}

/**
 * Records a failed fetch. The current snapshot stays. A source with no row yet gets one with no
 * snapshot (and simulated false until its first snapshot says otherwise).
 */
export async function recordSourceError(db: Kysely<Database>, failure: SourceFailure): Promise<void> {
  const at = toIso(failure.at, "at");
  const nextAttemptAt = failure.nextAttemptAt === undefined ? null : toIso(failure.nextAttemptAt, "nextAttemptAt");
  const error = clipError(failure.error);
  await db
    .insertInto("source_state")
    .values({
      role: failure.role,
      provider: failure.provider,
      snapshot_id: null,
      fetched_at: null,
      checked_at: null,
      last_error: error,
      last_error_at: at,
      next_attempt_at: nextAttemptAt,
      interval_seconds: failure.intervalSeconds,
      simulated: 0,
      updated_at: at,
      ...selectionColumns(failure.selection),
    })
    .onConflict((conflict) =>
      conflict.column("role").doUpdateSet({
        last_error: error,
        last_error_at: at,
        next_attempt_at: nextAttemptAt,
        interval_seconds: failure.intervalSeconds,
        updated_at: at,
        ...selectionColumns(failure.selection),
      }),
    )
    .execute();
  await notifyChange(db, failure.role);
}

function toSourceState(role: SourceRole, row: Selectable<SourceStateTable>): SourceState {
  return {
    role,
    provider: row.provider,
    snapshotId: row.snapshot_id,
    fetchedAt: toNullableDate(row.fetched_at),
    checkedAt: toNullableDate(row.checked_at),
    lastError: row.last_error,
    lastErrorAt: toNullableDate(row.last_error_at),
    nextAttemptAt: toNullableDate(row.next_attempt_at),
    intervalSeconds: row.interval_seconds,
    simulated: fromFlag(row.simulated),
    selection:
      row.primary_provider === null || row.selection_mode === null || row.selection_since === null
        ? null
        : {
            primary: row.primary_provider,
            mode: row.selection_mode as ProviderSelection["mode"],
            reason: row.selection_reason,
            since: toNullableDate(row.selection_since) ?? new Date(0),
          },
    creditsToday: row.credits_today,
    creditsDay: row.credits_day,
  };
}

/**
 * Adds provider credits a role spent at `at` to its count for that UTC day; a new day starts the
 * count again. One statement, so two writers cannot lose each other's credits.
 */
export async function addSpentCredits(
  db: Kysely<Database>,
  spend: { role: SourceRole; credits: number; at: Date },
): Promise<void> {
  if (!Number.isInteger(spend.credits) || spend.credits < 0) {
    throw new RangeError(`credits must be a whole number of at least 0, got ${spend.credits}`);
  }
  const day = utcDay(spend.at);
  await db
    .updateTable("source_state")
    .set({
      credits_today: sql<number>`case when credits_day = ${day} then credits_today + ${spend.credits} else ${spend.credits} end`,
      credits_day: day,
    })
    .where("role", "=", spend.role)
    .execute();
}

/** Both sources' state; null for a source that has never reported. */
export async function readSourceStates(db: Kysely<Database>): Promise<Record<SourceRole, SourceState | null>> {
  const rows = await db.selectFrom("source_state").selectAll().execute();
  const states: Record<SourceRole, SourceState | null> = { ranking: null, pricing: null };
  for (const row of rows) {
    if (row.role === "ranking" || row.role === "pricing") states[row.role] = toSourceState(row.role, row);
  }
  return states;
}

export interface SourceVersion {
  snapshotId: number | null;
  checkedAt: Date | null;
  lastErrorAt: Date | null;
}

export interface StoreVersion {
  ranking: SourceVersion | null;
  pricing: SourceVersion | null;
  /** Changes whenever a snapshot is written, a source is checked or an error is recorded. */
  key: string;
}

/** A cheap poll (one small query) that tells a reader whether to reload anything. */
export async function readStoreVersion(db: Kysely<Database>): Promise<StoreVersion> {
  const rows = await db
    .selectFrom("source_state")
    .select(["role", "snapshot_id", "checked_at", "last_error_at"])
    .execute();
  const version: Record<SourceRole, SourceVersion | null> = { ranking: null, pricing: null };
  for (const row of rows) {
    if (row.role !== "ranking" && row.role !== "pricing") continue;
    version[row.role] = {
      snapshotId: row.snapshot_id,
      checkedAt: toNullableDate(row.checked_at),
      lastErrorAt: toNullableDate(row.last_error_at),
    };
  }
  const part = (source: SourceVersion | null) =>
    source === null
      ? "none"
      : [source.snapshotId, source.checkedAt?.getTime(), source.lastErrorAt?.getTime()].map((v) => v ?? "-").join(".");
  return { ...version, key: `r${part(version.ranking)}~p${part(version.pricing)}` };
}

/** The content hash of the source's current snapshot, or null before the first one. */
export async function latestContentHash(db: Kysely<Database>, role: SourceRole): Promise<string | null> {
  const current = db.selectFrom("source_state").select("snapshot_id").where("role", "=", role);
  const row =
    role === "ranking"
      ? await db.selectFrom("ranking_snapshot").select("content_hash").where("id", "=", current).executeTakeFirst()
      : await db.selectFrom("price_snapshot").select("content_hash").where("id", "=", current).executeTakeFirst();
  return row?.content_hash ?? null;
}
