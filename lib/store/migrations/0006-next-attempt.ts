// When a failing source's service tries its provider next: what a reader (the API's 503 before the
// first data, health) tells the user instead of a bare "no data yet". Null when the last fetch
// succeeded or the service did not say.
import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

export const nextAttemptMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const timestamp = dialectOf(db) === "postgres" ? sql`timestamptz` : sql`text`;
    await db.schema.alterTable("source_state").addColumn("next_attempt_at", timestamp).execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("source_state").dropColumn("next_attempt_at").execute();
  },
};
