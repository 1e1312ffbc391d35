// The coin classes each provider reported for a coin (`stablecoin`, `wrapped`), stored with the
// snapshot that carried them: NULL when the provider said nothing, '' for none, else a comma list.
// /api/top's `exclude` reads them.
import type { Kysely, Migration } from "kysely";

export const coinCategoriesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("price_quote").addColumn("categories", "text").execute();
    await db.schema.alterTable("ranking_entry").addColumn("categories", "text").execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("ranking_entry").dropColumn("categories").execute();
    await db.schema.alterTable("price_quote").dropColumn("categories").execute();
  },
};
