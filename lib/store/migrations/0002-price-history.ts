// Stored price history: every price snapshot's quotes as raw points plus hourly and daily closes,
// and points backfilled from the ranking provider's history, for the coin charts and sparklines.
import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

export const priceHistoryMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = dialectOf(db) === "postgres";
    const double = postgres ? sql`double precision` : sql`real`;
    const timestamp = postgres ? sql`timestamptz` : sql`text`;
    const key = postgres ? sql`text collate "C"` : sql`text`;

    // The primary key (coin_key, resolution, ts) serves every read: one coin's range, or many
    // coins' recent hourly points. On SQLite, WITHOUT ROWID stores the rows in that order, so a
    // coin's range is one contiguous run of pages instead of a lookup per row.
    await db.schema
      .createTable("price_history")
      .addColumn("coin_key", key, (col) => col.notNull())
      .addColumn("resolution", "text", (col) => col.notNull().check(sql`resolution in ('raw', 'hour', 'day')`))
      .addColumn("ts", timestamp, (col) => col.notNull())
      .addColumn("price_usd", double, (col) => col.notNull())
      .addColumn("market_cap_usd", double)
      .addColumn("volume_24h_usd", double)
      .addColumn("source", "text", (col) => col.notNull())
      .addPrimaryKeyConstraint("price_history_pk", ["coin_key", "resolution", "ts"])
      .$call((builder) => (postgres ? builder : builder.modifyEnd(sql`without rowid`)))
      .execute();

    // Compaction deletes by (resolution, ts) across all coins; without this it would scan the table.
    await db.schema.createIndex("price_history_age").on("price_history").columns(["resolution", "ts"]).execute();

    // What was backfilled and when. fetched_at is the last success; attempted_at and last_error
    // record failures, so a coin the provider keeps refusing is retried later, not every cycle.
    await db.schema
      .createTable("history_backfill")
      .addColumn("coin_key", key, (col) => col.notNull())
      .addColumn("resolution", "text", (col) => col.notNull().check(sql`resolution in ('hour', 'day')`))
      .addColumn("fetched_at", timestamp)
      .addColumn("attempted_at", timestamp, (col) => col.notNull())
      .addColumn("last_error", "text")
      .addPrimaryKeyConstraint("history_backfill_pk", ["coin_key", "resolution"])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("history_backfill").execute();
    await db.schema.dropTable("price_history").execute();
  },
};
