// The initial schema. One migration for both engines; it branches only where their types differ.
import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

export const initialMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = dialectOf(db) === "postgres";
    // SQLite's real is a 64-bit IEEE double; PostgreSQL's real is only 32 bits.
    const double = postgres ? sql`double precision` : sql`real`;
    // SQLite has no timestamp type: ISO-8601 text sorts and compares correctly as text.
    const timestamp = postgres ? sql`timestamptz` : sql`text`;
    // Byte-order collation on PostgreSQL so keys sort as they do in SQLite (BINARY), whatever the server's locale.
    const key = postgres ? sql`text collate "C"` : sql`text`;
    const id = (col: ColumnDefinitionBuilder) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

    // The newest snapshot is the one source_state points at, found by primary key; older ones
    // (for rank movement, pruning) are found by walking the id primary key backwards.
    await db.schema
      .createTable("ranking_snapshot")
      .addColumn("id", "integer", id)
      .addColumn("provider", "text", (col) => col.notNull())
      .addColumn("fetched_at", timestamp, (col) => col.notNull())
      .addColumn("content_hash", "text", (col) => col.notNull())
      .addColumn("entry_count", "integer", (col) => col.notNull())
      .execute();

    // The primary key (snapshot_id, rank) serves "all entries of a snapshot in rank order" and the cascade.
    await db.schema
      .createTable("ranking_entry")
      .addColumn("snapshot_id", "integer", (col) => col.notNull().references("ranking_snapshot.id").onDelete("cascade"))
      .addColumn("rank", "integer", (col) => col.notNull().check(sql`rank >= 1`))
      .addColumn("provider_id", key, (col) => col.notNull())
      .addColumn("symbol", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("market_cap_usd", double)
      .addColumn("volume_24h_usd", double)
      .addColumn("price_usd", double)
      .addPrimaryKeyConstraint("ranking_entry_pk", ["snapshot_id", "rank"])
      .execute();

    await db.schema
      .createTable("price_snapshot")
      .addColumn("id", "integer", id)
      .addColumn("provider", "text", (col) => col.notNull())
      .addColumn("fetched_at", timestamp, (col) => col.notNull())
      .addColumn("content_hash", "text", (col) => col.notNull())
      .addColumn("quote_count", "integer", (col) => col.notNull())
      .addColumn("credit_count", "integer")
      .execute();

    // The primary key (snapshot_id, provider_id) serves "all quotes of a snapshot by id" and the cascade.
    await db.schema
      .createTable("price_quote")
      .addColumn("snapshot_id", "integer", (col) => col.notNull().references("price_snapshot.id").onDelete("cascade"))
      .addColumn("provider_id", key, (col) => col.notNull())
      .addColumn("symbol", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("slug", "text")
      .addColumn("price_usd", double, (col) => col.notNull())
      .addColumn("market_cap_usd", double)
      .addColumn("volume_24h_usd", double)
      .addColumn("change_1h_pct", double)
      .addColumn("change_24h_pct", double)
      .addColumn("change_7d_pct", double)
      .addColumn("circulating_supply", double)
      .addColumn("last_updated", "text")
      .addPrimaryKeyConstraint("price_quote_pk", ["snapshot_id", "provider_id"])
      .execute();

    await db.schema
      .createTable("source_state")
      .addColumn("role", "text", (col) => col.primaryKey().check(sql`role in ('ranking', 'pricing')`))
      .addColumn("provider", "text", (col) => col.notNull())
      .addColumn("snapshot_id", "integer")
      .addColumn("fetched_at", timestamp)
      .addColumn("checked_at", timestamp)
      .addColumn("last_error", "text")
      .addColumn("last_error_at", timestamp)
      .addColumn("interval_seconds", "integer", (col) => col.notNull())
      .addColumn("simulated", "boolean", (col) => col.notNull())
      .addColumn("updated_at", timestamp, (col) => col.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of ["source_state", "price_quote", "price_snapshot", "ranking_entry", "ranking_snapshot"]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
