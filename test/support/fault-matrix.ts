// What the fault-matrix tests share: the in-process market simulator, a real SQLite store holding
// one good snapshot of each role, the real jobs built from loadConfig, one cycle of the real service
// loop on a clock the tests move, the service log captured line by line, and a ViewStore (the API's
// view) over the same file on its own movable clock.

import { createSqliteDatabase, type TestDatabase } from "@/harness/databases";
import { type AppConfig, loadConfig, type ProviderName } from "@/lib/config";
import type { SourceRole, SourceState } from "@/lib/domain/types";
import { createLogger, type Logger } from "@/lib/log";
import { renderMetrics } from "@/lib/metrics/registry";
import { migrateToLatest, openStore, readSourceStates, type Store } from "@/lib/store";
import type { TopView } from "@/lib/web/view";
import { ViewStore } from "@/lib/web/view-store";
import type { FaultSpec } from "@/simulator/faults";
import type { RunningSimulator } from "@/simulator/server";
import { parseExposition, sampleValue } from "@/test/support/exposition";
import { control, FIXED_NOW, startTestSimulator } from "@/test/support/simulator";
import { createPricingJob, createRankingJob } from "../../lib/ingest/jobs";
import { type FetchOutcome, runServiceLoop, type ServiceJob } from "../../lib/ingest/service-loop";

export const INTERVAL_SECONDS = 30;
export const INTERVAL_MS = INTERVAL_SECONDS * 1000;
export const STALE_FACTOR = 3;
/** A source is stale once nothing confirmed it for this long (3 intervals). */
export const STALE_AFTER_MS = STALE_FACTOR * INTERVAL_MS;
export const DEPTH = 50;
/** The services' clock starts here; each case moves it on. */
export const START = Date.parse("2026-11-28T12:00:00.000Z");

/** The simulator's request-log name of each provider's data endpoint. */
export const SIM_ENDPOINT: Record<ProviderName, string> = {
  coinmarketcap: "coinmarketcap.listings",
  cryptocompare: "cryptocompare.toplist",
  coingecko: "coingecko.markets",
};

/** Our own endpoint label (the `endpoint` of topcoins_upstream_requests_total) for each provider's list. */
export const METRIC_ENDPOINT: Record<ProviderName, string> = {
  coinmarketcap: "listings/latest",
  cryptocompare: "top/totalvolfull",
  coingecko: "coins/markets",
};

export interface LogLine {
  level: number;
  msg: string;
  event?: string;
  outcome?: string;
  failures?: number;
  retryInMs?: number;
  durationMs?: number;
  warnings?: string[];
  err?: { kind?: string; message?: string; retryAfterMs?: number; attempts?: number };
  [field: string]: unknown;
}

export interface CycleRun {
  /** The log lines the cycle wrote. */
  lines: LogLine[];
  /** What the loop asked to sleep after the cycle (its wait minus the cycle's own time). */
  sleptMs: number;
  durationMs: number;
}

type AnyJob = ServiceJob<FetchOutcome>;

export interface MatrixHarness {
  sim: RunningSimulator;
  store: Store;
  /** Every line the services logged, in order. */
  lines: LogLine[];
  logger: Logger;
  /** The services' clock in ms (the loop's `now`). */
  clock: number;
  config(overrides?: Record<string, string>): AppConfig;
  job(role: SourceRole, overrides?: Record<string, string>): AnyJob;
  /** One cycle of the real service loop: its first sleep ends it. */
  cycle(job: AnyJob): Promise<CycleRun>;
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** Clears faults and the simulator's request counts. */
  reset(): Promise<void>;
  /** Data requests the simulator saw since the last reset, by endpoint name. */
  requests(): Promise<Record<string, number>>;
  /** While on, the simulator's clock is the real one (an HTTP-date the client can read as future). */
  realSimulatorClock(on: boolean): void;
  state(role: SourceRole): Promise<SourceState>;
  /** The API's view as a ViewStore over the same file sees it at `atMs`. */
  viewAt(atMs: number): Promise<TopView>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  ranking: ProviderName;
  pricing: ProviderName;
  /** Variables every job of this harness gets, over the defaults. */
  env?: Record<string, string>;
}

/** Starts the simulator and a fresh store, and stores one good snapshot of each role at START. */
export async function startHarness(options: HarnessOptions): Promise<MatrixHarness> {
  let realClock = false;
  const sim = await startTestSimulator({ now: () => (realClock ? Date.now() : FIXED_NOW) });
  const database: TestDatabase = await createSqliteDatabase();
  const store = openStore(database.url);
  await migrateToLatest(store.db);
  const lines: LogLine[] = [];
  // The production logger (its redaction included), writing JSON lines into `lines`.
  const logger = createLogger("fault-matrix", "info", {
    pretty: false,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const shutdown = new AbortController();
  let viewClock = START;
  const webStore = openStore(database.url);
  const view = new ViewStore({
    store: webStore,
    overrides: [],
    depth: DEPTH,
    staleFactor: STALE_FACTOR,
    logger: createLogger("fault-matrix-web", "silent", { pretty: false }),
    now: () => new Date(viewClock),
  });

  const baseEnv: Record<string, string> = {
    DATABASE_URL: database.url,
    RANKING_PROVIDER: options.ranking,
    PRICING_PROVIDER: options.pricing,
    CMC_BASE_URL: sim.url,
    CMC_API_KEY: sim.cmcKey,
    CRYPTOCOMPARE_BASE_URL: sim.url,
    CRYPTOCOMPARE_API_KEY: sim.cryptocompareKey,
    COINGECKO_BASE_URL: `${sim.url}/api/v3`,
    // The simulator has neither a credit budget nor a per-minute limit; the budget has its own tests.
    CMC_DAILY_CREDITS: "0",
    COINGECKO_CALLS_PER_MINUTE: "0",
    RANKING_DEPTH: String(DEPTH),
    PRICING_DEPTH: String(DEPTH),
    RANKING_REFRESH_SECONDS: String(INTERVAL_SECONDS),
    PRICING_REFRESH_SECONDS: String(INTERVAL_SECONDS),
    STALE_FACTOR: String(STALE_FACTOR),
    // One retry: enough to see whether a fault is retried, cheap in wall time.
    HTTP_RETRIES: "1",
    HTTP_TIMEOUT_MS: "5000",
    HISTORY_BACKFILL_PER_CYCLE: "0",
    // The matrix is about the price list and the ranking; identity lists and prices by id have their own tests.
    IDENTITY_LISTS: "0",
    PRICE_BY_ID: "0",
    ...options.env,
  };

  const harness: MatrixHarness = {
    sim,
    store,
    lines,
    logger,
    clock: START,
    config: (overrides = {}) => loadConfig({ ...baseEnv, ...overrides }),
    job(role, overrides = {}) {
      const context = { config: harness.config(overrides), logger, store, signal: shutdown.signal };
      return (role === "pricing" ? createPricingJob(context) : createRankingJob(context)) as AnyJob;
    },
    async cycle(job) {
      const controller = new AbortController();
      const from = lines.length;
      const started = performance.now();
      let sleptMs = Number.NaN;
      await runServiceLoop(job, {
        store,
        logger,
        signal: controller.signal,
        now: () => new Date(harness.clock),
        // No jitter: a failed cycle's backoff is exactly its rule's base.
        random: () => 0.5,
        sleep: async (ms) => {
          sleptMs = ms;
          controller.abort();
        },
      });
      return { lines: lines.slice(from), sleptMs, durationMs: performance.now() - started };
    },
    async fault(spec) {
      const reply = await control(sim, "POST", "/_sim/fault", spec);
      if (reply.status !== 201) throw new Error(`the simulator refused ${JSON.stringify(spec)}: ${reply.status}`);
    },
    async clearFaults() {
      await control(sim, "DELETE", "/_sim/fault");
    },
    async reset() {
      await control(sim, "POST", "/_sim/reset");
    },
    async requests() {
      return (await control<{ counts: Record<string, number> }>(sim, "GET", "/_sim/requests")).body.counts;
    },
    realSimulatorClock(on) {
      realClock = on;
    },
    async state(role) {
      const state = (await readSourceStates(store.db))[role];
      if (!state) throw new Error(`no ${role} source state`);
      return state;
    },
    async viewAt(atMs) {
      viewClock = atMs;
      await view.refresh();
      const current = view.current;
      if (!current) throw new Error(`the view store has no view (${JSON.stringify(view.status)})`);
      return current;
    },
    async close() {
      shutdown.abort();
      await view.stop();
      await store.close();
      await sim.close();
      await database.drop();
    },
  };

  for (const role of ["ranking", "pricing"] as const) {
    const run = await harness.cycle(harness.job(role));
    if (!run.lines.some((line) => line.event === "fetch" && line.outcome === "stored")) {
      throw new Error(`the first ${role} cycle stored nothing: ${JSON.stringify(run.lines)}`);
    }
  }
  return harness;
}

/** Reads one sample from the process's metrics registry through the strict exposition parser (0 when absent). */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const families = parseExposition((await renderMetrics()).body);
  return sampleValue(families, name, labels) ?? 0;
}
