// Exchange rates: the one table of units per US dollar that `vs=` converts with, fetched by the FX
// service, with the source bookkeeping readers judge it by (when fetched and confirmed, the last
// error, the next try). One row: the rates are replaced as a whole.
import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

export const fxRatesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const timestamp = dialectOf(db) === "postgres" ? sql`timestamptz` : sql`text`;
    await db.schema
      .createTable("fx_rates")
      .addColumn("id", "integer", (col) => col.primaryKey().check(sql`id = 1`))
      .addColumn("provider", "text", (col) => col.notNull())
      // JSON: {"EUR": 0.92, …}; null until the first fetch succeeds.
      .addColumn("rates", "text")
      .addColumn("content_hash", "text")
      .addColumn("fetched_at", timestamp)
      .addColumn("checked_at", timestamp)
      .addColumn("last_error", "text")
      .addColumn("last_error_at", timestamp)
      .addColumn("next_attempt_at", timestamp)
      .addColumn("interval_seconds", "integer", (col) => col.notNull().check(sql`interval_seconds >= 1`))
      .addColumn("simulated", "integer", (col) => col.notNull().defaultTo(0))
      .addColumn("updated_at", timestamp, (col) => col.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("fx_rates").execute();
  },
};
