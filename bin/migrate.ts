// `npm run db:migrate`: brings the store named by DATABASE_URL to the latest schema.
import { ConfigError, getConfig } from "@/lib/config";
import { createLogger } from "@/lib/log";
import { describeStoreUrl, migrateToLatest, openStore } from "@/lib/store";
import { storeTimeoutsFromConfig } from "@/lib/store/timeouts";

try {
  const config = getConfig();
  const logger = createLogger("migrate", config.LOG_LEVEL);
  const store = openStore(config.DATABASE_URL, { timeouts: storeTimeoutsFromConfig(config) });
  try {
    const applied = await migrateToLatest(store.db);
    logger.info(
      { store: describeStoreUrl(config.DATABASE_URL), applied },
      applied.length ? `applied ${applied.length} migration(s)` : "store already up to date",
    );
  } finally {
    await store.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
