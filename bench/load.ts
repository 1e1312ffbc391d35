// `npm run load`: sustained load on the production stack. It starts the stack on the simulator (a
// temporary SQLite store, 1 s refresh), makes the pricing upstream answer 500 for the whole run
// (the services keep failing, backing off and recording errors while the web serves), then drives
// autocannon with LOAD_CONNECTIONS (100) connections for LOAD_SECONDS (60) on /api/top?limit=200.
// It reports the answers by status, errors and timeouts, requests a second, p50/p99 latency, and
// each process's resident memory (VmRSS, sampled every 500 ms: before and the maximum), checks
// that no process died, prints a table and appends it to BENCHMARKS.md (`--no-append`: print only).
// The load generator shares the machine with the stack, as it would on a one-host deployment.
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { createSqliteDatabase } from "../harness/databases";
import { startStack } from "../harness/stack";
import { appendToBenchmarks } from "./benchmarks-file";
import { rssMiB, stackProcesses } from "./processes-memory";

const PATH = "/api/top?limit=200";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; p99_9: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface AutocannonRun extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (options: { url: string; connections: number; duration: number }) => AutocannonRun;
// autocannon ships no types; this is the slice of its API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function wholeNumber(name: string, fallback: number, max: number): number {
  const value = process.env[name]?.trim();
  if (!value) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= 1 && parsed <= max))
    throw new Error(`${name} must be a whole number from 1 to ${max}; got "${value}"`);
  return parsed;
}

const { values: flags } = parseArgs({ options: { "no-append": { type: "boolean", default: false } } });
const seconds = wholeNumber("LOAD_SECONDS", 60, 3600);
const connections = wholeNumber("LOAD_CONNECTIONS", 100, 10_000);
const database = await createSqliteDatabase();
const stack = await startStack({ databaseUrl: database.url });
try {
  const fault = await fetch(`${stack.simUrl}/_sim/fault`, {
    method: "POST",
    body: JSON.stringify({ target: "coinmarketcap", mode: "status", status: 500 }),
  });
  if (!fault.ok) throw new Error(`the simulator refused the fault: ${fault.status}`);
  const watched = [...stackProcesses(), { pid: process.pid, name: "load generator (autocannon)" }];
  const before = new Map(watched.map(({ pid }) => [pid, rssMiB(pid) ?? 0]));
  // The maximum RSS in each quarter of the run: a leak climbs quarter after quarter, a heap that
  // merely grew to its working size levels off.
  const quarters = new Map(watched.map(({ pid }) => [pid, [0, 0, 0, 0]]));
  const load = loadavg()[0] ?? 0;
  console.log(`autocannon: ${connections} connections for ${seconds} s on ${PATH} (pricing upstream answers 500)`);
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    const quarter = Math.min(3, Math.floor(((Date.now() - startedAt) / (seconds * 1000)) * 4));
    for (const { pid } of watched) {
      const maxima = quarters.get(pid) ?? [];
      maxima[quarter] = Math.max(maxima[quarter] ?? 0, rssMiB(pid) ?? 0);
    }
  }, 500);
  const run = autocannon({ url: `${stack.webUrl}${PATH}`, connections, duration: seconds });
  // When the slow answers (over a second) came, in seconds from the start.
  const slow: number[] = [];
  run.on("response", (_client, _status, _bytes, ms) => {
    if (ms > 1000) slow.push((Date.now() - startedAt) / 1000);
  });
  const result = await run;
  clearInterval(sampler);
  const died = watched.filter(({ pid }) => rssMiB(pid) === null).map(({ name }) => name);
  const health = await fetch(`${stack.webUrl}/api/health`);
  const { status: healthStatus, problems } = (await health.json()) as { status: string; problems?: string[] };

  const statuses = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}: ${count}`)
    .join(", ");
  const date = new Date().toISOString().slice(0, 10);
  const mib = (value: number | undefined) => `${(value ?? 0).toFixed(0)} MiB`;
  const memory = watched.map(
    ({ pid, name }) => `| ${name} | ${mib(before.get(pid))} | ${(quarters.get(pid) ?? []).map(mib).join(" | ")} |`,
  );
  const quarter = seconds / 4;
  const spans = [0, 1, 2, 3].map((q) => `${q * quarter}–${(q + 1) * quarter} s`);
  const slowNote =
    slow.length === 0
      ? "No answer took over a second."
      : `${slow.length} answers took over a second, between ${Math.min(...slow).toFixed(1)} s and ${Math.max(...slow).toFixed(1)} s into the run.`;
  const report = [
    "",
    `### Sustained load, ${date}`,
    "",
    `Command: \`npm run load\` (autocannon 8, ${connections} connections for ${seconds} s on \`${PATH}\`; the production stack on the simulator with SQLite and a 1 s refresh, the pricing upstream answering 500 throughout; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load.toFixed(1)} at the start).`,
    "",
    "| requests | by status | non-2xx | errors | timeouts | req/s | p50 | p99 | p99.9 | max |",
    "|---|---|---|---|---|---|---|---|---|---|",
    `| ${result.requests.total} | ${statuses} | ${result.non2xx} | ${result.errors} | ${result.timeouts} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.latency.p99_9} ms | ${result.latency.max} ms |`,
    "",
    slowNote,
    "",
    `| process | RSS before | max ${spans.join(" | max ")} |`,
    "|---|---|---|---|---|---|",
    ...memory,
    "",
    died.length === 0
      ? `No process died. Afterwards \`/api/health\` answered ${health.status} \`${healthStatus}\` (${(problems ?? []).join("; ") || "no problems"}).`
      : `**Processes that died: ${died.join(", ")}.**`,
    "",
  ].join("\n");
  console.log(report);
  if (!flags["no-append"]) {
    appendToBenchmarks(report);
  }
  const failed = result.non2xx + result.errors + result.timeouts > 0 || died.length > 0 || !health.ok;
  if (failed) {
    console.error("load: FAILED (non-2xx answers, errors, timeouts, a dead process or an unhealthy web)");
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
  await database.drop();
}
