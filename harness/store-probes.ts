// Probes of a store that processes are writing to, for the tests and the chaos run that kill those
// processes: is a snapshot write open right now, and does the store hold only whole snapshots?
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import type { Store } from "../lib/store";
import { sqlitePathFromUrl } from "../lib/store/database";

export type Role = "ranking" | "pricing";

/** Answers "is a write transaction open right now?" without waiting for it. */
export interface WriteProbe {
  writing(role: Role): Promise<boolean>;
  /** PostgreSQL: the role's snapshot sequence is ahead of its newest row (a write was rolled back). */
  rolledBack(role: Role): Promise<boolean>;
  /** SQLite: PRAGMA integrity_check's answer ("ok"); PostgreSQL keeps its own. */
  integrity(): Promise<string>;
  close(): Promise<void>;
}

// SQLite: BEGIN IMMEDIATE with no busy wait fails at once while another process holds the write lock.
export function sqliteProbe(url: string): WriteProbe {
  const sqlite = new SqliteDatabase(sqlitePathFromUrl(url), { timeout: 0 });
  return {
    async writing() {
      try {
        sqlite.exec("begin immediate");
        sqlite.exec("rollback");
        return false;
      } catch (error) {
        if (error instanceof SqliteDatabase.SqliteError && error.code.startsWith("SQLITE_BUSY")) return true;
        throw error;
      }
    },
    // SQLite's AUTOINCREMENT counter is transactional: a rolled-back insert leaves no trace.
    rolledBack: async () => false,
    integrity: async () => String(sqlite.pragma("integrity_check", { simple: true })),
    close: async () => {
      sqlite.close();
    },
  };
}

const TABLES: Record<Role, [snapshot: string, rows: string]> = {
  ranking: ["ranking_snapshot", "ranking_entry"],
  pricing: ["price_snapshot", "price_quote"],
};

export async function postgresProbe(url: string): Promise<WriteProbe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    // A backend with a transaction id has written in its open transaction; the statement names the table.
    async writing(role) {
      const [snapshot, rows] = TABLES[role];
      const { rowCount } = await client.query(
        `select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
           and backend_xid is not null and (query like $1 or query like $2)`,
        [`insert into "${snapshot}"%`, `insert into "${rows}"%`],
      );
      return (rowCount ?? 0) > 0;
    },
    // Sequences are not transactional: an id handed out to a rolled-back insert stays used.
    async rolledBack(role) {
      const [snapshot] = TABLES[role];
      const { rows } = await client.query(
        `select (select last_value from ${snapshot}_id_seq) as seq, (select coalesce(max(id), 0) from ${snapshot}) as max`,
      );
      return Number(rows[0]?.seq) > Number(rows[0]?.max);
    },
    integrity: async () => "ok",
    close: () => client.end(),
  };
}

/** Snapshots whose row count differs from their header, and source_state pointers to no snapshot. */
export async function partialSnapshots(store: Store): Promise<string[]> {
  const { db } = store;
  // Pointers first: a snapshot they name is never pruned while it is among the newest 20.
  const states = await db.selectFrom("source_state").select(["role", "snapshot_id"]).execute();
  const prices = await db
    .selectFrom("price_snapshot as s")
    .leftJoin("price_quote as q", "q.snapshot_id", "s.id")
    .select((eb) => ["s.id", "s.quote_count as expected", eb.fn.count<number>("q.snapshot_id").as("rows")])
    .groupBy(["s.id", "s.quote_count"])
    .execute();
  const rankings = await db
    .selectFrom("ranking_snapshot as s")
    .leftJoin("ranking_entry as e", "e.snapshot_id", "s.id")
    .select((eb) => ["s.id", "s.entry_count as expected", eb.fn.count<number>("e.snapshot_id").as("rows")])
    .groupBy(["s.id", "s.entry_count"])
    .execute();
  const problems = [
    ...prices.filter((s) => Number(s.rows) !== s.expected).map((s) => `price ${s.id}: ${s.rows} of ${s.expected}`),
    ...rankings.filter((s) => Number(s.rows) !== s.expected).map((s) => `ranking ${s.id}: ${s.rows} of ${s.expected}`),
  ];
  const ids = { pricing: new Set(prices.map((s) => s.id)), ranking: new Set(rankings.map((s) => s.id)) };
  for (const state of states) {
    const known = ids[state.role as Role];
    if (state.snapshot_id !== null && !known?.has(state.snapshot_id)) {
      problems.push(`source_state ${state.role} points at missing snapshot ${state.snapshot_id}`);
    }
  }
  return problems;
}

export async function newestId(store: Store, role: Role): Promise<number> {
  const table = role === "pricing" ? "price_snapshot" : "ranking_snapshot";
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The probe for the store a URL names. */
export async function writeProbe(url: string): Promise<WriteProbe> {
  return url.startsWith("file:") ? sqliteProbe(url) : postgresProbe(url);
}
