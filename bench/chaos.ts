// `npm run chaos`: `npm start` (scripts/stack.ts, against the market simulator) under 100 SIGKILLs
// spread over the ranking service, the pricing service and the web, on SQLite and on PostgreSQL,
// while a client reads /api/top every 100 ms. A service is killed while its snapshot write is open
// when one opens within 3 s (the probes of harness/store-probes.ts), else at that moment.
// It reports, per database:
// - partial snapshots (must be 0): a snapshot whose rows are not all there, or a pointer to none;
// - snapshots confirmed then lost (must be 0): a snapshot a client was served that the store no
//   longer holds though retention would keep it, or a served snapshot older than one served before;
// - reads failed while only a service was down (must be 0): a non-200 or failed /api/top outside
//   the windows in which the web itself was down;
// - the web's restart time from its SIGKILL to its next 200 (p50, p95);
// - whether every process came back after each kill and at the end.
// Usage: npm run chaos [-- --kills 100] [--postgres postgres://…] [--sqlite-only]
// PostgreSQL: --postgres, else TEST_DATABASE_URL; a throwaway database is created there.
import { parseArgs } from "node:util";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../harness/databases";
import {
  type Child,
  freePort,
  launch,
  launchSimulator,
  outputTail,
  servicesEnv,
  stopChildren,
  TS,
  waitFor,
} from "../harness/stack";
import { partialSnapshots, type Role, type WriteProbe, writeProbe } from "../harness/store-probes";
import { openStore, type Store } from "../lib/store";

type Target = Role | "web";

interface Read {
  start: number;
  end: number;
  status: number;
  ranking?: number;
  pricing?: number;
}

interface HealthProcess {
  name: string;
  state: string;
  pid: number | null;
  restarts: number;
}

interface Report {
  database: string;
  kills: Record<Target, number>;
  killsDuringWrites: number;
  partialSnapshots: string[];
  lostSnapshots: string[];
  reads: number;
  failedReadsWebUp: number;
  failedReadsWebDown: number;
  webRestartMs: number[];
  serviceBackMs: number[];
  notBack: string[];
  restarts: Record<string, number>;
  durationS: number;
}

// Short supervisor timings so 100 kills fit in minutes; the behaviour is the same as the defaults'.
const SUPERVISOR_ENV = {
  SUPERVISOR_INITIAL_BACKOFF_MS: "250",
  SUPERVISOR_MAX_BACKOFF_MS: "2000",
  SUPERVISOR_STABLE_MS: "5000",
};
const BACK_TIMEOUT_MS = 60_000;
const WRITE_WAIT_MS = 3000;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      kills: { type: "string", default: "100" },
      postgres: { type: "string" },
      "sqlite-only": { type: "boolean", default: false },
    },
  });
  const kills = Number(values.kills);
  if (!/^\d+$/.test(values.kills) || kills < 1)
    throw new Error(`--kills must be a whole number from 1; got "${values.kills}"`);
  const postgres = values["sqlite-only"] ? undefined : (values.postgres ?? process.env.TEST_DATABASE_URL);
  if (postgres !== undefined && !/^postgres(ql)?:\/\/./.test(postgres)) {
    throw new Error("--postgres (or TEST_DATABASE_URL) must be a postgres:// URL");
  }
  return { kills, postgres };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function health(webUrl: string): Promise<HealthProcess[] | null> {
  try {
    const response = await fetch(`${webUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { processes?: { processes?: HealthProcess[] } };
    return body.processes?.processes ?? null;
  } catch {
    return null;
  }
}

async function allRunning(webUrl: string): Promise<HealthProcess[] | null> {
  const processes = await health(webUrl);
  return processes && processes.length === 3 && processes.every((entry) => entry.state === "running")
    ? processes
    : null;
}

class Reader {
  readonly reads: Read[] = [];
  private running = true;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly webUrl: string) {}

  start(): void {
    this.loop = (async () => {
      while (this.running) {
        const start = Date.now();
        const read: Read = { start, end: start, status: 0 };
        try {
          const response = await fetch(`${this.webUrl}/api/top?limit=200`, { signal: AbortSignal.timeout(3000) });
          read.status = response.status;
          if (response.ok) {
            const body = (await response.json()) as { meta: Record<Role, { snapshotId: number }> };
            read.ranking = body.meta.ranking.snapshotId;
            read.pricing = body.meta.pricing.snapshotId;
          } else await response.arrayBuffer();
        } catch {
          read.status = 0;
        }
        read.end = Date.now();
        this.reads.push(read);
        await sleep(Math.max(0, 100 - (read.end - start)));
      }
    })();
  }

  /** The first successful read that started at or after `since`. */
  firstOkAfter(since: number): Read | undefined {
    return this.reads.find((read) => read.start >= since && read.status === 200);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Served snapshots the store no longer holds though retention keeps newer ones, and served ids that went back. */
async function lostSnapshots(store: Store, reads: readonly Read[]): Promise<string[]> {
  const lost: string[] = [];
  for (const role of ["ranking", "pricing"] as const) {
    const table = role === "ranking" ? "ranking_snapshot" : "price_snapshot";
    const held = new Set((await store.db.selectFrom(table).select("id").execute()).map((row) => row.id));
    const oldestHeld = Math.min(...held);
    let newestServed = 0;
    const served = new Set<number>();
    for (const read of reads) {
      const id = read[role];
      if (id === undefined) continue;
      served.add(id);
      if (id < newestServed)
        lost.push(`${role} ${id} served after ${newestServed} (at ${new Date(read.start).toISOString()})`);
      newestServed = Math.max(newestServed, id);
    }
    for (const id of served) if (id >= oldestHeld && !held.has(id)) lost.push(`${role} ${id} served, then gone`);
  }
  return lost;
}

async function run(database: TestDatabase, label: string, kills: number): Promise<Report> {
  const began = Date.now();
  const simulator = await launchSimulator({ SIM_TICK_SECONDS: "1" });
  const port = await freePort();
  const webUrl = `http://127.0.0.1:${port}`;
  const stack: Child = launch("stack", process.execPath, [...TS, "scripts/stack.ts", "start"], {
    ...servicesEnv(simulator.url, database.url, 1),
    ...SUPERVISOR_ENV,
    PORT: String(port),
    // Every listing, so each cycle writes a large snapshot and kills land inside writes.
    PRICING_DEPTH: "5000",
    HTTP_RETRIES: "1",
    HTTP_TIMEOUT_MS: "2000",
    LOG_LEVEL: "warn",
  });
  const store = openStore(database.url);
  let probe: WriteProbe | null = null;
  const reader = new Reader(webUrl);
  const report: Report = {
    database: label,
    kills: { ranking: 0, pricing: 0, web: 0 },
    killsDuringWrites: 0,
    partialSnapshots: [],
    lostSnapshots: [],
    reads: 0,
    failedReadsWebUp: 0,
    failedReadsWebDown: 0,
    webRestartMs: [],
    serviceBackMs: [],
    notBack: [],
    restarts: {},
    durationS: 0,
  };
  const webDown: [number, number][] = [];
  try {
    await waitFor("the stack", () => allRunning(webUrl).then((value) => value ?? undefined), 180_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${outputTail(stack)}`);
      },
    );
    await waitFor("data", async () => ((await fetch(`${webUrl}/api/top?limit=5`)).ok ? true : undefined), 60_000);
    probe = await writeProbe(database.url);
    reader.start();
    const order: Target[] = ["ranking", "pricing", "web", "pricing", "ranking"];
    for (let i = 0; i < kills; i++) {
      const target = order[i % order.length] as Target;
      const processes = await waitFor(
        "every process running",
        () => allRunning(webUrl).then((v) => v ?? undefined),
        BACK_TIMEOUT_MS,
      ).catch(() => null);
      if (!processes) {
        report.notBack.push(`before kill ${i + 1}: not every process was running within ${BACK_TIMEOUT_MS / 1000} s`);
        break;
      }
      const pid = processes.find((entry) => entry.name === target)?.pid;
      if (!pid) throw new Error(`no pid for ${target}`);
      if (target !== "web") {
        const deadline = Date.now() + WRITE_WAIT_MS;
        let writing = false;
        while (!writing && Date.now() < deadline) {
          writing = await probe.writing(target);
          if (!writing) await sleep(5);
        }
        if (writing) report.killsDuringWrites++;
      }
      const killedAt = Date.now();
      process.kill(pid, "SIGKILL");
      report.kills[target]++;
      if (target === "web") {
        const ok = await waitFor("the web", async () => reader.firstOkAfter(killedAt), BACK_TIMEOUT_MS).catch(
          () => null,
        );
        if (!ok) {
          report.notBack.push(`web after kill ${i + 1}`);
          webDown.push([killedAt, Number.POSITIVE_INFINITY]);
          break;
        }
        webDown.push([killedAt, ok.start]);
        report.webRestartMs.push(ok.end - killedAt);
      } else {
        const back = await waitFor(
          `${target} back`,
          async () => {
            const entry = (await health(webUrl))?.find((candidate) => candidate.name === target);
            return entry?.state === "running" && entry.pid !== pid ? entry : undefined;
          },
          BACK_TIMEOUT_MS,
        ).catch(() => null);
        if (back) report.serviceBackMs.push(Date.now() - killedAt);
        else report.notBack.push(`${target} after kill ${i + 1}`);
      }
      await sleep(200 + Math.floor(Math.random() * 600));
    }
    // Let the last restarts settle and one more cycle be served.
    const final = await waitFor(
      "every process at the end",
      () => allRunning(webUrl).then((v) => v ?? undefined),
      BACK_TIMEOUT_MS,
    ).catch(() => null);
    if (!final) report.notBack.push("at the end, not every process was running");
    for (const entry of final ?? []) report.restarts[entry.name] = entry.restarts;
    await sleep(3000);
  } finally {
    await reader.stop();
    stack.process.kill("SIGTERM");
    await stopChildren([stack, simulator.child]);
  }
  report.partialSnapshots = await partialSnapshots(store);
  report.lostSnapshots = await lostSnapshots(store, reader.reads);
  report.reads = reader.reads.length;
  for (const read of reader.reads) {
    if (read.status === 200) continue;
    // The web's own down window, widened by a read's timeout: a read in flight when it was killed.
    const inWebDown = webDown.some(([from, to]) => read.end >= from && read.start <= to);
    if (inWebDown) report.failedReadsWebDown++;
    else report.failedReadsWebUp++;
  }
  await probe?.close();
  await store.close();
  report.durationS = Math.round((Date.now() - began) / 1000);
  return report;
}

function print(report: Report): void {
  const ok = (value: number) => (value === 0 ? "0 ✓" : `${value} ✗`);
  const lines = [
    `== ${report.database}: ${report.kills.ranking + report.kills.pricing + report.kills.web} SIGKILLs in ${report.durationS} s`,
    `  kills: ranking ${report.kills.ranking}, pricing ${report.kills.pricing}, web ${report.kills.web}; ` +
      `${report.killsDuringWrites} of ${report.kills.ranking + report.kills.pricing} service kills inside an open snapshot write`,
    `  partial snapshots: ${ok(report.partialSnapshots.length)}`,
    `  snapshots confirmed then lost: ${ok(report.lostSnapshots.length)}`,
    `  /api/top reads: ${report.reads}; failed while only a service was down: ${ok(report.failedReadsWebUp)}; ` +
      `failed while the web itself was down: ${report.failedReadsWebDown}`,
    `  web restart (SIGKILL to next 200): p50 ${percentile(report.webRestartMs, 50)} ms, p95 ${percentile(report.webRestartMs, 95)} ms` +
      ` (n=${report.webRestartMs.length})`,
    `  service back (SIGKILL to running again): p50 ${percentile(report.serviceBackMs, 50)} ms, p95 ${percentile(report.serviceBackMs, 95)} ms`,
    `  every process came back: ${report.notBack.length === 0 ? "yes ✓" : `no ✗ (${report.notBack.join("; ")})`}; ` +
      `restarts counted by the supervisor: ${Object.entries(report.restarts)
        .map(([name, count]) => `${name} ${count}`)
        .join(", ")}`,
  ];
  for (const detail of [...report.partialSnapshots, ...report.lostSnapshots]) lines.push(`    ${detail}`);
  console.log(lines.join("\n"));
}

async function main(): Promise<void> {
  const { kills, postgres } = options();
  console.log(`chaos: ${kills} SIGKILLs per database; supervisor timings ${JSON.stringify(SUPERVISOR_ENV)}`);
  const reports: Report[] = [];
  const sqlite = await createSqliteDatabase();
  try {
    reports.push(await run(sqlite, "SQLite", kills));
    print(reports.at(-1) as Report);
  } finally {
    await sqlite.drop();
  }
  if (postgres) {
    const database = await createPostgresDatabase(postgres, "topcoins_chaos");
    try {
      reports.push(await run(database, "PostgreSQL", kills));
      print(reports.at(-1) as Report);
    } finally {
      await database.drop();
    }
  } else {
    console.log("PostgreSQL skipped: pass --postgres or set TEST_DATABASE_URL");
  }
  const failed = reports.some(
    (report) =>
      report.partialSnapshots.length + report.lostSnapshots.length + report.failedReadsWebUp + report.notBack.length >
      0,
  );
  process.exitCode = failed ? 1 : 0;
}

// Children are killed on purpose here: an unhandled rejection must not leave the stack running.
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
