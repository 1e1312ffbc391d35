// Leases: for each role, the one service replica allowed to fetch and write snapshots. The token
// grows with every change of holder and fences writes: a deposed leader's late write is refused.
import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

export const leasesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const timestamp = dialectOf(db) === "postgres" ? sql`timestamptz` : sql`text`;
    await db.schema
      .createTable("lease")
      .addColumn("role", "text", (col) => col.primaryKey().check(sql`role in ('ranking', 'pricing')`))
      .addColumn("holder", "text", (col) => col.notNull())
      .addColumn("token", "integer", (col) => col.notNull().check(sql`token >= 1`))
      .addColumn("acquired_at", timestamp, (col) => col.notNull())
      .addColumn("renewed_at", timestamp, (col) => col.notNull())
      .addColumn("expires_at", timestamp, (col) => col.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("lease").execute();
  },
};
