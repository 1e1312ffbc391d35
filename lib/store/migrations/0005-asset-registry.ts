// The asset registry: one row per coin identity with a stable Top Coins id, each provider's coin
// linked to it with the rule and evidence that made the link, the providers' identity lists
// (symbols, names, slugs, token contracts) and when each list was last fetched. Plus the fields
// identity reads from snapshots: a ranking entry's slug and supplies, a quote's total supply and
// its source (by id).
import { type Kysely, type Migration, sql } from "kysely";
import { dialectOf } from "../sqlite-dialect";

export const assetRegistryMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = dialectOf(db) === "postgres";
    const double = postgres ? sql`double precision` : sql`real`;
    const timestamp = postgres ? sql`timestamptz` : sql`text`;
    const key = postgres ? sql`text collate "C"` : sql`text`;

    await db.schema
      .createTable("asset")
      .addColumn("id", key, (col) => col.primaryKey())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("symbol", "text", (col) => col.notNull())
      .addColumn("created_at", timestamp, (col) => col.notNull())
      .addColumn("updated_at", timestamp, (col) => col.notNull())
      .execute();

    // An asset merged into another keeps its id as an alias, so its old links still lead somewhere.
    await db.schema
      .createTable("asset_alias")
      .addColumn("id", key, (col) => col.primaryKey())
      .addColumn("asset_id", key, (col) => col.notNull().references("asset.id").onDelete("cascade"))
      .addColumn("created_at", timestamp, (col) => col.notNull())
      .execute();

    // A provider's coin belongs to at most one asset, and an asset has at most one coin per provider.
    await db.schema
      .createTable("asset_link")
      .addColumn("provider", "text", (col) => col.notNull())
      .addColumn("provider_id", key, (col) => col.notNull())
      .addColumn("asset_id", key, (col) => col.notNull().references("asset.id").onDelete("cascade"))
      .addColumn("symbol", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("slug", "text")
      .addColumn("rule", "text", (col) =>
        col.notNull().check(sql`rule in ('origin', 'override', 'contract', 'evidence', 'id')`),
      )
      .addColumn("made_by", "text", (col) => col.notNull().check(sql`made_by in ('auto', 'override')`))
      .addColumn("evidence", "text", (col) => col.notNull())
      .addColumn("first_confirmed_at", timestamp, (col) => col.notNull())
      .addColumn("last_confirmed_at", timestamp, (col) => col.notNull())
      .addColumn("contradictions", "integer", (col) => col.notNull().defaultTo(0).check(sql`contradictions >= 0`))
      .addColumn("last_contradiction", "text")
      .addPrimaryKeyConstraint("asset_link_pk", ["provider", "provider_id"])
      .addUniqueConstraint("asset_link_one_per_provider", ["asset_id", "provider"])
      .execute();

    // The providers' identity lists: every coin each provider knows, beyond any price list.
    await db.schema
      .createTable("provider_coin")
      .addColumn("provider", "text", (col) => col.notNull())
      .addColumn("provider_id", key, (col) => col.notNull())
      .addColumn("symbol", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("slug", "text")
      .addColumn("rank", "integer")
      .addColumn("seen_at", timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint("provider_coin_pk", ["provider", "provider_id"])
      .execute();

    // Token contracts as Top Coins names chains (lib/domain/identity/contracts.ts), from identity
    // lists and listing bodies. The (chain, address) index finds every provider's coin of a contract.
    await db.schema
      .createTable("provider_contract")
      .addColumn("provider", "text", (col) => col.notNull())
      .addColumn("provider_id", key, (col) => col.notNull())
      .addColumn("chain", "text", (col) => col.notNull())
      .addColumn("address", key, (col) => col.notNull())
      .addPrimaryKeyConstraint("provider_contract_pk", ["provider", "provider_id", "chain", "address"])
      .execute();
    await db.schema
      .createIndex("provider_contract_address")
      .on("provider_contract")
      .columns(["chain", "address"])
      .execute();

    // When each provider's identity list was last fetched (at most daily) and what went wrong.
    await db.schema
      .createTable("identity_fetch")
      .addColumn("provider", "text", (col) => col.primaryKey())
      .addColumn("fetched_at", timestamp)
      .addColumn("attempted_at", timestamp, (col) => col.notNull())
      .addColumn("last_error", "text")
      .addColumn("coin_count", "integer", (col) => col.notNull().defaultTo(0))
      .execute();

    // One row whose version grows with every change to the links: readers rebuild on it.
    await db.schema
      .createTable("registry_state")
      .addColumn("id", "integer", (col) => col.primaryKey().check(sql`id = 1`))
      .addColumn("version", "integer", (col) => col.notNull())
      .addColumn("updated_at", timestamp, (col) => col.notNull())
      .execute();

    // SQLite adds one column per ALTER TABLE, so each is its own statement on both databases.
    await db.schema.alterTable("ranking_entry").addColumn("slug", "text").execute();
    await db.schema.alterTable("ranking_entry").addColumn("circulating_supply", double).execute();
    await db.schema.alterTable("ranking_entry").addColumn("total_supply", double).execute();
    await db.schema.alterTable("ranking_entry").addColumn("last_updated", "text").execute();
    await db.schema.alterTable("price_quote").addColumn("total_supply", double).execute();
    await db.schema
      .alterTable("price_quote")
      .addColumn("source", "text", (col) =>
        col.notNull().defaultTo("listing").check(sql`source in ('listing', 'by_id')`),
      )
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("price_quote").dropColumn("source").execute();
    await db.schema.alterTable("price_quote").dropColumn("total_supply").execute();
    await db.schema.alterTable("ranking_entry").dropColumn("last_updated").execute();
    await db.schema.alterTable("ranking_entry").dropColumn("total_supply").execute();
    await db.schema.alterTable("ranking_entry").dropColumn("circulating_supply").execute();
    await db.schema.alterTable("ranking_entry").dropColumn("slug").execute();
    for (const table of [
      "registry_state",
      "identity_fetch",
      "provider_contract",
      "provider_coin",
      "asset_link",
      "asset_alias",
      "asset",
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
