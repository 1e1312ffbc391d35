// `npm run bench:history`: times the price-history queries on SQLite and on PostgreSQL, each holding
// what a year of snapshots at a 60 s cadence leaves after compaction (see bench-history-databases.ts),
// through the store functions the app uses. Usage:
//   node --import tsx bench/history.ts [--postgres postgres://…] [sqlite-file]
// PostgreSQL runs in a temporary database on the server the URL names (default: TEST_DATABASE_URL);
// SQLite in a temporary file unless one is named. Prints a Markdown summary for BENCHMARKS.md.
import { cpus, loadavg, totalmem } from "node:os";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { DAY_MS, HOUR_MS, MINUTE_MS, mergeHistorySeries } from "@/lib/domain/history";
import { sparklineCloses, sparklineWindow } from "@/lib/domain/sparkline";
import type { PriceQuote } from "@/lib/domain/types";
import {
  appendPricePoints,
  compactHistory,
  describeStoreUrl,
  readHistory,
  readSparklines,
  type Store,
} from "@/lib/store";
import {
  BACKFILLED,
  type BenchDatabase,
  type BenchSize,
  backfillKey,
  COINS,
  openPostgresBench,
  openSqliteBench,
  ownKey,
  ROWS_AT_RETENTION_CAP,
} from "./history-databases";
import { parseBenchHistoryOptions } from "./options";

const NOW = Date.UTC(2026, 0, 9, 13, 25);
const RUNS = 30;
/** The performance issue's targets, checked against the p95. */
const TARGET_MS = { year: 50, day: 20 };

const { postgresUrl, postgresFromEnv, sqliteFile } = parseBenchHistoryOptions(process.argv.slice(2), process.env);

interface Timing {
  first: number;
  min: number;
  median: number;
  p95: number;
  /** Points (or series) returned, for reads. */
  rows: number | undefined;
}

async function time(label: string, run: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now();
  const result = await run();
  const first = performance.now() - started;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const rows = Array.isArray(result) ? result.length : result instanceof Map ? result.size : undefined;
  // The minimum is the least disturbed by other processes on a shared machine; the median is typical.
  const timing = { first, min: pick(0), median: pick(0.5), p95: pick(0.95), rows };
  console.log(
    `  ${label.padEnd(62)} first ${first.toFixed(1)}, min ${timing.min.toFixed(2)}, median ${timing.median.toFixed(2)}, p95 ${timing.p95.toFixed(2)} ms${rows === undefined ? "" : ` (${rows})`}`,
  );
  return timing;
}

const QUERIES = {
  year: "1 y chart: daily, own + backfill keys",
  day: "24 h chart: raw (own key), then hourly fill (both keys)",
  dayRaw: "  24 h raw points alone (own key)",
  days90: "90 d chart: hourly, own + backfill keys",
  sparklines: "sparklines: 200 coins (400 keys), 7 days of hours",
  sparklinesMerged: "  + merge and 4-hour closes for the 200 coins",
  append: "appendPricePoints: one 500-quote snapshot (raw + hour + day)",
  compact: "compactHistory: once on the seeded year, then steady state",
} as const;
type QueryName = keyof typeof QUERIES;

interface BenchResult {
  name: string;
  rows: number;
  seedSeconds: number;
  size: BenchSize;
  timings: Record<QueryName, Timing>;
}

const quotes = Array.from(
  { length: COINS },
  (_, c): PriceQuote => ({
    providerId: String(c + 1),
    symbol: `S${c}`,
    name: `Coin ${c}`,
    slug: null,
    priceUsd: c + 1.5,
    marketCapUsd: 1e9,
    volume24hUsd: 1e7,
    change1hPct: null,
    change24hPct: null,
    change7dPct: null,
    circulatingSupply: null,
    lastUpdated: null,
  }),
);

async function runQueries(store: Store): Promise<Record<QueryName, Timing>> {
  const db = store.db;
  const to = new Date(NOW);
  const from = (ms: number) => new Date(NOW - ms);
  const both = [ownKey(7), backfillKey(7)];
  const timings: Partial<Record<QueryName, Timing>> = {};
  const measure = async (name: QueryName, run: () => Promise<unknown>) => {
    timings[name] = await time(QUERIES[name], run);
  };
  await measure("year", () => readHistory(db, { keys: both, resolution: "day", from: from(365 * DAY_MS), to }));
  // What GET /api/coins/{id}/history?range=24h reads (lib/web/history-handler.ts): two queries.
  await measure("day", async () => {
    const raw = await readHistory(db, { keys: [ownKey(7)], resolution: "raw", from: from(DAY_MS), to });
    const fill = await readHistory(db, { keys: both, resolution: "hour", from: from(DAY_MS), to });
    return [...raw, ...fill];
  });
  await measure("dayRaw", () => readHistory(db, { keys: [ownKey(7)], resolution: "raw", from: from(DAY_MS), to }));
  await measure("days90", () => readHistory(db, { keys: both, resolution: "hour", from: from(90 * DAY_MS), to }));
  const window = sparklineWindow(NOW);
  const sparkKeys = Array.from({ length: BACKFILLED }, (_, c) => [ownKey(c + 1), backfillKey(c + 1)]).flat();
  await measure("sparklines", () => readSparklines(db, { keys: sparkKeys, from: new Date(window.from) }));
  await measure("sparklinesMerged", async () => {
    const lines = await readSparklines(db, { keys: sparkKeys, from: new Date(window.from) });
    const series = (key: string, source: string) =>
      (lines.get(key) ?? []).map((p) => ({ t: p.ts, priceUsd: p.priceUsd, source }));
    return Array.from({ length: BACKFILLED }, (_, c) =>
      sparklineCloses(
        mergeHistorySeries(series(ownKey(c + 1), "cmc"), series(backfillKey(c + 1), "cc"), HOUR_MS),
        window,
      ),
    );
  });
  let minute = 0;
  await measure("append", () =>
    appendPricePoints(db, { provider: "coinmarketcap", at: new Date(NOW + ++minute * MINUTE_MS), quotes }),
  );
  // As the pricing service compacts: each run, ten more minutes of raw points have aged out.
  await measure("compact", () => {
    minute += 10;
    return compactHistory(db, { now: new Date(NOW + minute * MINUTE_MS) });
  });
  return timings as Record<QueryName, Timing>;
}

async function seedAndTime(database: BenchDatabase): Promise<BenchResult> {
  console.log(`\n${database.name}`);
  const seedStarted = performance.now();
  const rows = await database.seed(NOW);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const size = await database.size();
  console.log(
    `  seeded ${rows} rows in ${seedSeconds.toFixed(1)} s; price_history ${mb(size.historyBytes)} (${size.detail}), database ${mb(size.databaseBytes)}`,
  );
  return { name: database.name, rows, seedSeconds, size, timings: await runQueries(database.store) };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const verdict = (timing: Timing, target: number) =>
  `${timing.p95 <= target ? "met" : "**missed**"} (p95 ${ms(timing.p95)} ≤ ${target} ms)`;

// Every database opened so far, so an interrupted run still deletes its temporary databases.
const opened: BenchDatabase[] = [];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.allSettled(opened.map((database) => database.drop())).then(() => process.exit(130));
  });
}

async function runOn(open: () => Promise<BenchDatabase>): Promise<BenchResult> {
  const database = await open();
  opened.push(database);
  try {
    return await seedAndTime(database);
  } finally {
    await database.drop();
  }
}

console.log(
  `Seeding the retained state of one simulated year at a 60 s cadence: ${COINS} coins × (48 h raw, 90 d hourly, 365 d daily) + ${BACKFILLED} backfilled coins (2000 h, 365 d). Times in ms; ${RUNS} runs after one first run.`,
);
const results: BenchResult[] = [await runOn(() => openSqliteBench(sqliteFile))];
let skipped = "";
let serverVersion = "";
if (postgresUrl === undefined || postgresUrl === "") {
  skipped = "PostgreSQL skipped: no server URL (pass --postgres postgres://… or set TEST_DATABASE_URL).";
  console.log(`\n${skipped}`);
} else {
  try {
    results.push(
      await runOn(async () => {
        const database = await openPostgresBench(postgresUrl);
        const { rows } = await sql<{ server_version: string }>`show server_version`.execute(database.store.db);
        serverVersion = `PostgreSQL ${rows[0]?.server_version.split(" ")[0] ?? "?"}`;
        return database;
      }),
    );
  } catch (error) {
    skipped = `PostgreSQL failed (${describeStoreUrl(postgresUrl)}): ${error instanceof Error ? error.message : String(error)}`;
    console.error(`\n${skipped}`);
    process.exitCode = 1;
  }
}

const header = [
  "| database | rows | price_history + indexes | database size | bytes per row | at the retention cap (est.) | 24 h chart median / p95 | 1 y chart median / p95 | compaction once / steady median | seed |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
];
const summary = results.map(({ name, rows, seedSeconds, size, timings: t }) => {
  const perRow = size.historyBytes / rows;
  return `| ${name} | ${(rows / 1e6).toFixed(2)} M | ${mb(size.historyBytes)} | ${mb(size.databaseBytes)} | ${perRow.toFixed(0)} | ${mb(perRow * ROWS_AT_RETENTION_CAP)} | ${ms(t.day.median)} / ${ms(t.day.p95)} ms | ${ms(t.year.median)} / ${ms(t.year.p95)} ms | ${ms(t.compact.first)} / ${ms(t.compact.median)} ms | ${seedSeconds.toFixed(0)} s |`;
});
const detail = [
  `| query | ${results.map((r) => `${r.name} min / median / p95`).join(" | ")} |`,
  `| --- | ${results.map(() => "---").join(" | ")} |`,
  ...(Object.keys(QUERIES) as QueryName[]).map((name) => {
    const cells = results.map(({ timings: { [name]: t } }) => `${ms(t.min)} / ${ms(t.median)} / ${ms(t.p95)} ms`);
    const rows = results[0]?.timings[name].rows;
    return `| ${QUERIES[name].trim()}${rows === undefined ? "" : ` (${rows})`} | ${cells.join(" | ")} |`;
  }),
];
const targets = results.map(
  ({ name, timings: t }) =>
    `- ${name}: 1 y chart ${verdict(t.year, TARGET_MS.year)}; 24 h chart ${verdict(t.day, TARGET_MS.day)}`,
);
const argv = process.argv.slice(2);
const command = `${postgresFromEnv && postgresUrl ? `TEST_DATABASE_URL=${describeStoreUrl(postgresUrl)} ` : ""}npm run bench:history${argv.length > 0 ? ` -- ${argv.map((arg) => (arg.startsWith("postgres") ? describeStoreUrl(arg) : arg)).join(" ")}` : ""}`;
const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, SQLite ${new SqliteDatabase(":memory:").prepare("select sqlite_version()").pluck().get()}${serverVersion ? `, ${serverVersion} on the same host` : ""}, load average ${loadavg()[0]?.toFixed(1)} at the end`;
console.log(`\n## Price history queries (${new Date().toISOString().slice(0, 10)})\n`);
console.log(`Command: \`${command}\` (${machine}).${skipped ? ` ${skipped}` : ""}\n`);
console.log([...header, ...summary].join("\n"));
console.log(`\nTargets (the p95 of ${RUNS} runs):\n${targets.join("\n")}\n`);
console.log(detail.join("\n"));
