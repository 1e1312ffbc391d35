// Runs the store's migrations. They live in code, not in a folder the Migrator scans, so they
// survive bundling by Next and need no file system access at run time.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { StoreError } from "../errors";
import type { Database } from "../schema";
import { initialMigration } from "./0001-initial";
import { priceHistoryMigration } from "./0002-price-history";
import { providerSelectionMigration } from "./0003-provider-selection";
import { leasesMigration } from "./0004-leases";
import { assetRegistryMigration } from "./0005-asset-registry";
import { nextAttemptMigration } from "./0006-next-attempt";
import { fxRatesMigration } from "./0007-fx-rates";
import { coinCategoriesMigration } from "./0008-coin-categories";

// Names sort in the order they apply; a new migration gets the next number.
const migrations: Record<string, Migration> = {
  "0001_initial": initialMigration,
  "0002_price_history": priceHistoryMigration,
  "0003_provider_selection": providerSelectionMigration,
  "0004_leases": leasesMigration,
  "0005_asset_registry": assetRegistryMigration,
  "0006_next_attempt": nextAttemptMigration,
  "0007_fx_rates": fxRatesMigration,
  "0008_coin_categories": coinCategoriesMigration,
};

/** Every migration name in the order they apply, for tests and tooling. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/**
 * Applies every pending migration and returns the names applied (empty when up to date).
 * Safe when several processes start at once: PostgreSQL takes Kysely's advisory lock, SQLite
 * runs inside one BEGIN IMMEDIATE transaction (see sqlite-dialect.ts); the later process waits,
 * then finds nothing to do.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === "Error")?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      failed === undefined ? `Database migration failed: ${reason}` : `Database migration ${failed} failed: ${reason}`,
      { cause: error },
    );
  }
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}
