// `npm run bench`: the hot reads of the production web against a bare node:http server sending the
// very same bytes. It starts the stack on the simulator (temporary SQLite store), fetches the JSON,
// CSV and gzip bodies of /api/top?limit=200, the 304 of a matching If-None-Match, a filtered query
// (symbols, fields and vs=EUR, as CSV) and a sorted page from it, hands
// them to a bare server (its own process), and drives both with autocannon, interleaved A B A B
// after a warm-up, so load from other sessions hits both alike. The stack's processes write their
// logs to files, as under a process manager, so the load generator does not read them. It reports
// req/s (and its ratio to bare, with the range of the rounds' own ratios), p50 and p99 latency
// (medians over the rounds) and each process's largest VmRSS, checks the targets, prints the table
// and appends it to BENCHMARKS.md (`--no-append`: print only).
// Options: --duration S (10) per run, --rounds N (5), --connections N (50). Five rounds: on two
// shared cores one round in a few runs slower by a third, and the median of three can land on it.
import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { createSqliteDatabase } from "../harness/databases";
import { freePort, startStack, waitFor } from "../harness/stack";
import { appendToBenchmarks } from "./benchmarks-file";
import { parseBenchOptions } from "./options";
import { rssMiB, stackProcesses } from "./processes-memory";

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => PromiseLike<AutocannonResult>;
// autocannon ships no types; this is the slice of its API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const { duration, rounds, connections, append } = parseBenchOptions(process.argv.slice(2));

const PATH = "/api/top?limit=200";
const FILTERED_PATH =
  "/api/top?symbols=BTC,ETH,SOL,XRP,DOGE&fields=rank,symbol,name,price,change24hPct&vs=EUR&format=csv";
const PAGED_PATH = "/api/top?sort=marketCapUsd&offset=50&limit=50";
interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// node:http, so the body stays as sent (fetch would decode gzip).
function capture(url: string, headers: Record<string, string>): Promise<Captured> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        // Node adds these itself, on both servers. The request id stays: the bare server sends the
        // captured one with every answer, so both send the same header bytes (the web a new id each).
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (!["date", "connection", "keep-alive", "transfer-encoding"].includes(name)) kept[name] = String(value);
        }
        resolve({ status: res.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks).toString("base64") });
      });
    })
      .on("error", reject)
      .end();
  });
}

// The bare server: a lookup by (path, If-None-Match, Accept-Encoding) and one write, nothing else.
const BARE_SERVER = `
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
const answers = JSON.parse(readFileSync(process.argv[1], "utf8"));
for (const answer of answers) answer.bytes = Buffer.from(answer.body, "base64");
createServer((req, res) => {
  const inm = req.headers["if-none-match"];
  const gzip = /gzip/.test(req.headers["accept-encoding"] ?? "");
  const answer = answers.find((a) => a.path === req.url && a.inm === (inm ?? null) && a.gzip === gzip) ?? answers[0];
  res.writeHead(answer.status, answer.headers);
  res.end(answer.bytes);
}).listen(Number(process.argv[2]), "127.0.0.1", () => console.log("ready"));
`;

/** The request lines in a log file too large to read at once, and its size. */
async function countRequestLines(file: string): Promise<{ lines: number; bytes: number }> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (line.includes('"event":"request"')) lines++;
  }
  return { lines, bytes: statSync(file).size };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const database = await createSqliteDatabase();
// A long refresh: the bodies stay the same (and cached) for the whole run, like a quiet minute.
// Each process's output goes to a file, as under a process manager, not through the load generator.
const logDir = mkdtempSync(path.join(tmpdir(), "topcoins-bench-logs-"));
const stack = await startStack({
  databaseUrl: database.url,
  refreshSeconds: 3600,
  logDir,
  // The exchange rates too: a new fetch is a new view, and every kept body and ETag with it.
  extraEnv: { FX_REFRESH_SECONDS: "3600" },
});
let bare: ChildProcess | undefined;
try {
  // The filtered query converts to euros: wait for the first exchange rates.
  await waitFor(
    "the first exchange rates",
    async () => ((await fetch(`${stack.webUrl}${FILTERED_PATH}`)).ok ? true : undefined),
    30_000,
  );
  const json = await capture(`${stack.webUrl}${PATH}`, {});
  const etag = json.headers.etag ?? "";
  const scenarios: Scenario[] = [
    { name: "JSON", path: PATH, headers: {}, status: 200 },
    { name: "CSV", path: `${PATH}&format=csv`, headers: {}, status: 200 },
    { name: "JSON gzip", path: PATH, headers: { "accept-encoding": "gzip" }, status: 200 },
    { name: "304", path: PATH, headers: { "if-none-match": etag }, status: 304 },
    // A query a spreadsheet or widget sends: a few coins by symbol, a few columns.
    { name: "filtered", path: FILTERED_PATH, headers: {}, status: 200 },
    { name: "paged", path: PAGED_PATH, headers: {}, status: 200 },
  ];
  const answers = [];
  for (const scenario of scenarios) {
    const captured = await capture(`${stack.webUrl}${scenario.path}`, scenario.headers);
    if (captured.status !== scenario.status) throw new Error(`${scenario.name}: the stack answered ${captured.status}`);
    answers.push({
      path: scenario.path,
      inm: scenario.headers["if-none-match"] ?? null,
      gzip: scenario.headers["accept-encoding"] === "gzip",
      ...captured,
    });
  }
  const answersFile = path.join(tmpdir(), `topcoins-bench-${process.pid}.json`);
  writeFileSync(answersFile, JSON.stringify(answers));
  const barePort = await freePort();
  const bareUrl = `http://127.0.0.1:${barePort}`;
  bare = spawn(process.execPath, ["--input-type=module", "-e", BARE_SERVER, answersFile, String(barePort)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await waitFor("the bare server", async () => ((await fetch(bareUrl)).ok ? true : undefined), 10_000);

  const targets = { stack: stack.webUrl, bare: bareUrl };
  const processes = [
    ...stackProcesses({ "--input-type=module": "bare node:http" }),
    { pid: process.pid, name: "bench (autocannon)" },
  ];
  const maxRss = new Map(processes.map(({ pid }) => [pid, rssMiB(pid) ?? 0]));
  const sampler = setInterval(() => {
    for (const { pid } of processes) maxRss.set(pid, Math.max(maxRss.get(pid) ?? 0, rssMiB(pid) ?? 0));
  }, 500);
  const load = loadavg()[0] ?? 0;
  const results = new Map<string, AutocannonResult[]>();
  const run = async (scenario: Scenario, target: "stack" | "bare", seconds: number) => {
    const result = await autocannon({
      url: `${targets[target]}${scenario.path}`,
      connections,
      duration: seconds,
      headers: scenario.headers,
    });
    const wrong = Object.keys(result.statusCodeStats).filter((status) => Number(status) !== scenario.status);
    if (result.errors > 0 || wrong.length > 0) {
      throw new Error(`${scenario.name} on ${target}: ${result.errors} errors, statuses ${wrong.join(", ")}`);
    }
    return result;
  };
  console.log(`warm-up, then ${rounds} rounds of ${duration} s per scenario and server, ${connections} connections`);
  for (const scenario of scenarios) for (const target of ["stack", "bare"] as const) await run(scenario, target, 2);
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      for (const target of ["stack", "bare"] as const) {
        const result = await run(scenario, target, duration);
        const key = `${scenario.name}|${target}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        console.log(`round ${round} ${scenario.name} ${target}: ${Math.round(result.requests.average)} req/s`);
      }
    }
  }
  clearInterval(sampler);

  const summary = (name: string, target: string) => {
    const runs = results.get(`${name}|${target}`) ?? [];
    return {
      rps: median(runs.map((r) => r.requests.average)),
      p50: median(runs.map((r) => r.latency.p50)),
      p99: median(runs.map((r) => r.latency.p99)),
    };
  };
  const rows = scenarios.map(({ name }) => {
    const web = summary(name, "stack");
    const base = summary(name, "bare");
    // Each round's own ratio (web against the bare run right after it), to show the spread.
    const webRuns = results.get(`${name}|stack`) ?? [];
    const bareRuns = results.get(`${name}|bare`) ?? [];
    const perRound = webRuns.map((run, i) => run.requests.average / (bareRuns[i]?.requests.average ?? Number.NaN));
    const spread = `${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}`;
    return { name, web, base, ratio: web.rps / base.rps, spread, p99Ratio: web.p99 / Math.max(base.p99, 1) };
  });
  const rss = processes.map(({ pid, name }) => `${name} ${Math.round(maxRss.get(pid) ?? 0)} MiB`).join(", ");
  const webRss = Math.max(...processes.filter((p) => p.name === "web").map(({ pid }) => maxRss.get(pid) ?? 0));
  const byName = new Map(rows.map((row) => [row.name, row]));
  const met = (ok: boolean) => (ok ? "met" : "**missed**");
  const checks = [
    ...["JSON", "CSV"].map((name) => {
      const row = byName.get(name);
      const ok = !!row && row.ratio >= 0.9 && row.p99Ratio <= 1.5;
      return `${name} ≥ 0.9× bare req/s and p99 ≤ 1.5× bare p99: ${met(ok)} (${row?.ratio.toFixed(3)}×, p99 ${row?.p99Ratio.toFixed(2)}×)`;
    }),
    `304 ≥ 0.85× bare req/s: ${met((byName.get("304")?.ratio ?? 0) >= 0.85)} (${byName.get("304")?.ratio.toFixed(3)}×)`,
    ...["filtered", "paged"].map((name) => {
      const ratio = byName.get(name)?.ratio ?? 0;
      return `${name} ≥ 0.8× bare req/s: ${met(ratio >= 0.8)} (${ratio.toFixed(3)}×)`;
    }),
    `web RSS ≤ 300 MB: ${met(webRss * 1.048576 <= 300)} (${Math.round(webRss)} MiB)`,
  ];
  const webLog = await countRequestLines(path.join(logDir, "web.log"));
  const sizes = answers.map(
    (a) =>
      `${a.path === FILTERED_PATH ? "filtered" : a.path === PAGED_PATH ? "paged" : a.gzip ? "gzip" : a.path.includes("csv") ? "CSV" : "JSON"} ${a.body.length ? Buffer.from(a.body, "base64").length : 0} B`,
  );
  const table = [
    "| request | web req/s | bare req/s | ratio | per round | web p50 | bare p50 | web p99 | bare p99 |",
    "| ------- | --------- | ---------- | ----- | --------- | ------- | -------- | ------- | -------- |",
    ...rows.map(
      ({ name, web, base, ratio, spread }) =>
        `| ${name} | ${Math.round(web.rps)} | ${Math.round(base.rps)} | ${ratio.toFixed(2)} | ${spread} | ${web.p50} ms | ${base.p50} ms | ${web.p99} ms | ${base.p99} ms |`,
    ),
  ].join("\n");
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    "",
    `### HTTP hot reads against bare node:http, ${date}`,
    "",
    `Command: \`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\` (autocannon 8, ${connections} connections, ${duration} s per run, ${rounds} interleaved rounds after a 2 s warm-up, medians; \`${PATH}\`, bodies ${sizes.slice(0, 3).join(", ")}; the production stack on the simulator with SQLite; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load.toFixed(1)} at the start).`,
    "",
    table,
    "",
    `Largest VmRSS during the runs: ${rss}.`,
    "",
    `The web logged every request: ${webLog.lines} request lines, ${(webLog.bytes / 2 ** 30).toFixed(1)} GiB of log.`,
    "",
    ...checks.map((check) => `- ${check}`),
    "",
  ].join("\n");
  console.log(section);
  if (append) appendToBenchmarks(section);
} finally {
  bare?.kill("SIGTERM");
  await stack.stop();
  await database.drop();
  rmSync(logDir, { recursive: true, force: true });
}
