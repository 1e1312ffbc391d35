// Writing and reading snapshots. A snapshot is written whole in one transaction together with its
// source_state pointer, so a reader sees either the previous snapshot or the new one, never half.
import type { Kysely, Selectable } from "kysely";
import type {
  ListingContract,
  PriceQuote,
  PriceSnapshot,
  ProviderSelection,
  RankingEntry,
  RankingSnapshot,
  SourceRole,
} from "../domain/types";
import { StoreError } from "./errors";
import { checkFence, type LeaseFence } from "./leases";
import { insertContracts } from "./registry";
import { entryToRow, insertBatches, quoteToRow, rowToEntry, rowToQuote, toDate, toIso } from "./rows";
import type { Database, PriceSnapshotTable, RankingSnapshotTable } from "./schema";
import { recordSnapshotInSource, type SnapshotSourceUpdate } from "./sources";
import { dialectOf } from "./sqlite-dialect";

/** How many snapshots of each kind are kept by default: enough for rank movement and short history. */
export const DEFAULT_KEEP_SNAPSHOTS = 20;

interface SnapshotWrite {
  provider: string;
  fetchedAt: Date;
  contentHash: string;
  intervalSeconds: number;
  simulated: boolean;
  /** Which provider serves the role and why, recorded with the snapshot. */
  selection?: ProviderSelection;
  /** The lease the writer holds: the write is refused (LeaseLostError) when another replica took it. */
  fence?: LeaseFence;
  /** Snapshots of this kind to keep, the new one included; older ones are deleted with their rows. */
  keep?: number;
  /** Token contracts the body reported for its coins (canonical chain and address): added to the registry. */
  contracts?: readonly ListingContract[];
  /**
   * Work that must commit with the snapshot or not at all (the asset registry's reconcile): runs
   * inside the transaction once the source points at the new snapshot.
   */
  afterWrite?: (trx: Kysely<Database>, snapshotId: number) => Promise<void>;
}

export interface RankingSnapshotWrite extends SnapshotWrite {
  entries: RankingEntry[];
}

export interface PriceSnapshotWrite extends SnapshotWrite {
  quotes: PriceQuote[];
  creditCount: number | null;
}

function keepCount(keep: number | undefined): number {
  const count = keep ?? DEFAULT_KEEP_SNAPSHOTS;
  if (!Number.isInteger(count) || count < 1)
    throw new StoreError(`keep must be a whole number of at least 1, got ${count}`);
  return count;
}

function sourceUpdate(role: SourceRole, snapshotId: number, write: SnapshotWrite): SnapshotSourceUpdate {
  const { provider, fetchedAt, intervalSeconds, simulated, selection } = write;
  return { role, snapshotId, provider, fetchedAt, intervalSeconds, simulated, selection };
}

// Deletes all but the newest `keep` snapshots; their rows go with them (ON DELETE CASCADE).
async function pruneSnapshots(
  trx: Kysely<Database>,
  table: "ranking_snapshot" | "price_snapshot",
  keep: number,
): Promise<void> {
  const oldestKept = await trx
    .selectFrom(table)
    .select("id")
    .orderBy("id", "desc")
    .limit(1)
    .offset(keep - 1)
    .executeTakeFirst();
  if (oldestKept !== undefined) await trx.deleteFrom(table).where("id", "<", oldestKept.id).execute();
}

async function recordContracts(trx: Kysely<Database>, write: SnapshotWrite): Promise<void> {
  if (!write.contracts?.length) return;
  const provider = write.provider;
  await insertContracts(
    trx,
    write.contracts.map((contract) => ({
      provider,
      provider_id: contract.providerId,
      chain: contract.chain,
      address: contract.address,
    })),
  );
}

/** Stores a ranking snapshot, points source_state at it and prunes old ones; returns its id. */
export async function writeRankingSnapshot(db: Kysely<Database>, write: RankingSnapshotWrite): Promise<number> {
  const keep = keepCount(write.keep);
  const fetchedAt = toIso(write.fetchedAt, "fetchedAt");
  return db.transaction().execute(async (trx) => {
    if (write.fence) await checkFence(trx, write.fence, dialectOf(db) === "postgres");
    const { id } = await trx
      .insertInto("ranking_snapshot")
      .values({
        provider: write.provider,
        fetched_at: fetchedAt,
        content_hash: write.contentHash,
        entry_count: write.entries.length,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = write.entries.map((entry) => entryToRow(id, entry));
    for (const batch of insertBatches(rows)) await trx.insertInto("ranking_entry").values(batch).execute();
    await recordSnapshotInSource(trx, sourceUpdate("ranking", id, write));
    await recordContracts(trx, write);
    await write.afterWrite?.(trx, id);
    await pruneSnapshots(trx, "ranking_snapshot", keep);
    return id;
  });
}

/** Stores a price snapshot, points source_state at it and prunes old ones; returns its id. */
export async function writePriceSnapshot(db: Kysely<Database>, write: PriceSnapshotWrite): Promise<number> {
  const keep = keepCount(write.keep);
  const fetchedAt = toIso(write.fetchedAt, "fetchedAt");
  return db.transaction().execute(async (trx) => {
    if (write.fence) await checkFence(trx, write.fence, dialectOf(db) === "postgres");
    const { id } = await trx
      .insertInto("price_snapshot")
      .values({
        provider: write.provider,
        fetched_at: fetchedAt,
        content_hash: write.contentHash,
        quote_count: write.quotes.length,
        credit_count: write.creditCount,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = write.quotes.map((quote) => quoteToRow(id, quote));
    for (const batch of insertBatches(rows)) await trx.insertInto("price_quote").values(batch).execute();
    await recordSnapshotInSource(trx, sourceUpdate("pricing", id, write));
    await recordContracts(trx, write);
    await write.afterWrite?.(trx, id);
    await pruneSnapshots(trx, "price_snapshot", keep);
    return id;
  });
}

// Readers run without a transaction (on SQLite every transaction takes the write lock). Two
// statements are still consistent: a snapshot's rows commit with it and never change, and pruning
// only removes snapshots older than the newest `keep`.

async function withEntries(
  db: Kysely<Database>,
  header: Selectable<RankingSnapshotTable> | undefined,
): Promise<RankingSnapshot | null> {
  if (header === undefined) return null;
  const rows = await db
    .selectFrom("ranking_entry")
    .selectAll()
    .where("snapshot_id", "=", header.id)
    .orderBy("rank")
    .execute();
  return {
    id: header.id,
    provider: header.provider,
    fetchedAt: toDate(header.fetched_at),
    contentHash: header.content_hash,
    entries: rows.map(rowToEntry),
  };
}

async function withQuotes(
  db: Kysely<Database>,
  header: Selectable<PriceSnapshotTable> | undefined,
): Promise<PriceSnapshot | null> {
  if (header === undefined) return null;
  const rows = await db
    .selectFrom("price_quote")
    .selectAll()
    .where("snapshot_id", "=", header.id)
    .orderBy("provider_id")
    .execute();
  return {
    id: header.id,
    provider: header.provider,
    fetchedAt: toDate(header.fetched_at),
    contentHash: header.content_hash,
    creditCount: header.credit_count,
    quotes: rows.map(rowToQuote),
  };
}

/** The ranking snapshot source_state points at, entries in rank order; null before the first. */
export async function readLatestRankingSnapshot(db: Kysely<Database>): Promise<RankingSnapshot | null> {
  const header = await db
    .selectFrom("source_state")
    .innerJoin("ranking_snapshot", "ranking_snapshot.id", "source_state.snapshot_id")
    .selectAll("ranking_snapshot")
    .where("source_state.role", "=", "ranking")
    .executeTakeFirst();
  return withEntries(db, header);
}

/** The price snapshot source_state points at, quotes ordered by provider id; null before the first. */
export async function readLatestPriceSnapshot(db: Kysely<Database>): Promise<PriceSnapshot | null> {
  const header = await db
    .selectFrom("source_state")
    .innerJoin("price_snapshot", "price_snapshot.id", "source_state.snapshot_id")
    .selectAll("price_snapshot")
    .where("source_state.role", "=", "pricing")
    .executeTakeFirst();
  return withQuotes(db, header);
}

/** One ranking snapshot by id; null when it does not exist or was pruned. */
export async function readRankingSnapshot(db: Kysely<Database>, id: number): Promise<RankingSnapshot | null> {
  const header = await db.selectFrom("ranking_snapshot").selectAll().where("id", "=", id).executeTakeFirst();
  return withEntries(db, header);
}

/** The newest ranking snapshot older than `beforeId`, for rank movement; null when there is none. */
export async function readPreviousRankingSnapshot(
  db: Kysely<Database>,
  beforeId: number,
): Promise<RankingSnapshot | null> {
  const header = await db
    .selectFrom("ranking_snapshot")
    .selectAll()
    .where("id", "<", beforeId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return withEntries(db, header);
}

/** One price snapshot by id; null when it does not exist or was pruned. */
export async function readPriceSnapshot(db: Kysely<Database>, id: number): Promise<PriceSnapshot | null> {
  const header = await db.selectFrom("price_snapshot").selectAll().where("id", "=", id).executeTakeFirst();
  return withQuotes(db, header);
}
