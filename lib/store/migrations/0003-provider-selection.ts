// Which provider serves each role and why (configured, CoinGecko's keyless default, or a failover
// while the primary fails), and the provider credits the role spent on the current UTC day.
import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

const COLUMNS = [
  "primary_provider",
  "selection_mode",
  "selection_reason",
  "selection_since",
  "credits_day",
  "credits_today",
] as const;

export const providerSelectionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const timestamp = dialectOf(db) === "postgres" ? sql`timestamptz` : sql`text`;
    // SQLite adds one column per ALTER TABLE, so each is its own statement on both databases.
    await db.schema.alterTable("source_state").addColumn("primary_provider", "text").execute();
    await db.schema
      .alterTable("source_state")
      .addColumn("selection_mode", "text", (col) =>
        col.check(sql`selection_mode in ('configured', 'keyless_default', 'failover')`),
      )
      .execute();
    await db.schema.alterTable("source_state").addColumn("selection_reason", "text").execute();
    await db.schema.alterTable("source_state").addColumn("selection_since", timestamp).execute();
    // The UTC day (YYYY-MM-DD) credits_today counts; another day means nothing spent yet.
    await db.schema.alterTable("source_state").addColumn("credits_day", "text").execute();
    await db.schema
      .alterTable("source_state")
      .addColumn("credits_today", "integer", (col) => col.notNull().defaultTo(0))
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const column of [...COLUMNS].reverse()) {
      await db.schema.alterTable("source_state").dropColumn(column).execute();
    }
  },
};
