// Process plumbing shared by the services: config, logger, store, migrations, signals, and the
// operations side: a /metrics server on METRICS_PORT and tracing when an exporter is configured.
import { type AppConfig, getConfigOrExit } from "@/lib/config";
import { createLogger, type Logger } from "@/lib/log";
import { type MetricsServer, startMetricsServer } from "@/lib/metrics/server";
import { setUpstreamTextLogger } from "@/lib/providers/shared/text-report";
import { describeStoreUrl, migrateToLatest, openStore, type Store } from "@/lib/store";
import { storeTimeoutsFromConfig } from "@/lib/store/timeouts";
import { startTracing } from "@/lib/tracing/setup";
import { sleepFor } from "./service-loop";

export interface ServiceContext {
  config: AppConfig;
  logger: Logger;
  store: Store;
  signal: AbortSignal;
}

/** Migrates, retrying while the database is unreachable (it may start after us). */
async function migrateWithRetry(store: Store, logger: Logger, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      const applied = await migrateToLatest(store.db);
      if (applied.length > 0) logger.info({ applied }, "store migrated");
      return;
    } catch (error) {
      const waitMs = Math.min(30_000, 500 * 2 ** attempt);
      logger.error({ err: error, attempt, retryInMs: waitMs }, "store migration failed");
      await sleepFor(waitMs, signal);
    }
  }
}

/**
 * Runs a service's main function with a store and a signal that aborts on SIGINT/SIGTERM.
 * `check` may return a reason the service cannot start (a missing key).
 */
export async function runService(
  name: string,
  check: (config: AppConfig) => string | null,
  main: (context: ServiceContext) => Promise<void>,
): Promise<void> {
  const config = getConfigOrExit();
  const logger = createLogger(name, config.LOG_LEVEL);
  // Upstream text cleaned at parse time is logged by the service that fetched it.
  setUpstreamTextLogger(logger);
  const problem = check(config);
  if (problem) {
    logger.fatal(problem);
    process.exit(1);
  }
  const metrics = await serveMetrics(config, logger);
  const tracing = startTracing(name, config);
  if (tracing) logger.info({ exporter: tracing.exporter }, "tracing on");
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      logger.info({ signal: sig }, "shutting down");
      controller.abort();
    });
  }
  const store = openStore(config.DATABASE_URL, {
    onPoolError: (error) => logger.error({ err: error }, "idle database connection failed"),
    timeouts: storeTimeoutsFromConfig(config),
  });
  logger.info({ store: describeStoreUrl(config.DATABASE_URL) }, `${name} service starting`);
  try {
    await migrateWithRetry(store, logger, controller.signal);
    if (!controller.signal.aborted) await main({ config, logger, store, signal: controller.signal });
  } catch (error) {
    logger.fatal({ err: error }, `${name} service crashed`);
    process.exitCode = 1;
  } finally {
    await store.close();
    await metrics?.close();
    await tracing?.shutdown();
    logger.info(`${name} service stopped`);
  }
}

/** The /metrics server when METRICS_PORT is set; a port that cannot be bound stops the service. */
async function serveMetrics(config: AppConfig, logger: Logger): Promise<MetricsServer | null> {
  if (config.METRICS_PORT === undefined) return null;
  try {
    const server = await startMetricsServer(config.METRICS_PORT);
    logger.info({ port: server.port }, `metrics at http://localhost:${server.port}/metrics`);
    return server;
  } catch (error) {
    logger.fatal({ err: error }, `cannot serve metrics on METRICS_PORT=${config.METRICS_PORT}`);
    process.exit(1);
  }
}
