// One command for the whole stack: `npm start` (live providers), `npm run demo` (offline, on the
// market simulator and a separate demo database) and `npm run dev` (the simulator with `next dev`).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "@/lib/config";
import { keylessReason, roleStartProblem } from "@/lib/ingest/role-source";
import { runToCompletion, waitForHttp } from "./processes";
import { Supervisor, timingsFromEnv } from "./supervisor";

type Mode = "start" | "demo" | "dev";
const mode = process.argv[2] as Mode;
if (!["start", "demo", "dev"].includes(mode)) {
  console.error("usage: tsx scripts/stack.ts start|demo|dev");
  process.exit(2);
}

const BIN = "node_modules/.bin";
// `npm start` runs each process from the compiled output (dist/, `npm run build`); the demo and dev
// run the TypeScript sources in one node process each, with tsx as a loader (no wrapper process).
const TS = [process.execPath, "--import", "tsx"] as const;
const COMPILED: Record<string, string> = {
  "bin/web.ts": "dist/web.js",
  "bin/pricing.ts": "dist/pricing.js",
  "bin/ranking.ts": "dist/ranking.js",
  "bin/migrate.ts": "dist/migrate.js",
  "bin/simulator.ts": "dist/simulator.js",
};

/** The command and arguments that run one of the stack's entry points. */
function entry(source: string, ...args: string[]): { command: string; args: string[] } {
  const compiled = COMPILED[source];
  if (mode === "start" && compiled) {
    return { command: process.execPath, args: ["--enable-source-maps", compiled, ...args] };
  }
  return { command: TS[0], args: [...TS.slice(1), source, ...args] };
}
const SIM_KEYS = { cmc: "sim-cmc-key", cryptocompare: "sim-cc-key" };
if (existsSync(".env")) process.loadEnvFile(".env");

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function simulatorPort(): Promise<number> {
  const wanted = Number(process.env.SIMULATOR_PORT ?? 4100);
  if (await portIsFree(wanted)) return wanted;
  if (process.env.SIMULATOR_PORT) throw new Error(`SIMULATOR_PORT ${wanted} is in use`);
  // The default port is taken (another demo?): let the system pick one.
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The environment for the simulated stack: the simulator stands in for both providers. */
function simulatedEnv(simUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: mode === "demo" ? "file:./data/demo.db" : (process.env.DATABASE_URL ?? "file:./data/dev.db"),
    CMC_BASE_URL: simUrl,
    CRYPTOCOMPARE_BASE_URL: simUrl,
    COINGECKO_BASE_URL: `${simUrl}/api/v3`,
    CMC_API_KEY: SIM_KEYS.cmc,
    CRYPTOCOMPARE_API_KEY: SIM_KEYS.cryptocompare,
    // The simulator bills no credits.
    CMC_DAILY_CREDITS: "0",
    // The simulator also speaks CoinGecko: a fault switched on at /_sim/fault shows the failover.
    PRICING_FALLBACK: process.env.PRICING_FALLBACK ?? "coingecko",
    RANKING_FALLBACK: process.env.RANKING_FALLBACK ?? "coingecko",
    FAILOVER_PROBE_SECONDS: process.env.FAILOVER_PROBE_SECONDS ?? "30",
    PRICING_REFRESH_SECONDS: process.env.PRICING_REFRESH_SECONDS ?? "10",
    RANKING_REFRESH_SECONDS: process.env.RANKING_REFRESH_SECONDS ?? "10",
  };
}

// The status file the supervisor keeps for the web's /api/health, in a directory of its own.
const statusDir = mkdtempSync(path.join(tmpdir(), "topcoins-stack-"));
process.once("exit", () => rmSync(statusDir, { recursive: true, force: true }));
const statusFile = path.join(statusDir, "processes.json");
const supervisor = new Supervisor({ timings: supervisorTimings(), statusFile });

function supervisorTimings() {
  try {
    return timingsFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const names = supervisor.status().processes.map((entry) => entry.name);
    if (names.length > 0) console.log(`[stack] stopping ${names.reverse().join(", ")}`);
    await supervisor.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => void shutdown(0));
  // When whatever started us dies without passing on a signal (a shell killed by `timeout`),
  // we are re-parented: take the stack down rather than leave it holding the ports.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 1000).unref();

  let env: NodeJS.ProcessEnv = { ...process.env };
  if (mode === "demo" || mode === "dev") {
    const port = await simulatorPort();
    const simUrl = `http://127.0.0.1:${port}`;
    supervisor.add({
      name: "simulator",
      ...entry("bin/simulator.ts"),
      env: {
        ...process.env,
        SIMULATOR_PORT: String(port),
        SIM_TICK_SECONDS: process.env.SIM_TICK_SECONDS ?? "10",
        SIM_CMC_KEY: SIM_KEYS.cmc,
        SIM_CRYPTOCOMPARE_KEY: SIM_KEYS.cryptocompare,
      },
    });
    env = simulatedEnv(simUrl);
    await waitForHttp(`${simUrl}/_sim/health`, 30_000);
  }

  const config = loadConfig(env);
  if (mode === "start") {
    const problems = (["ranking", "pricing"] as const).flatMap((role) => roleStartProblem(config, role) ?? []);
    if (problems.length > 0) {
      console.error(
        `Top Coins cannot start against the live providers:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n` +
          "Set the keys in the environment or in .env (see .env.example), unset RANKING_PROVIDER and\n" +
          "PRICING_PROVIDER to run on CoinGecko's keyless API, or run `npm run demo` to try the whole\n" +
          "stack offline on the market simulator.",
      );
      process.exit(1);
    }
    for (const role of ["ranking", "pricing"] as const) {
      const keyless = keylessReason(config, role);
      if (keyless) console.log(`[stack] ${keyless}`);
    }
  }

  // The one build step for both outputs (Next's .next/ and the compiled dist/ that `start` runs).
  if (mode !== "dev" && (!existsSync(".next/BUILD_ID") || (mode === "start" && !existsSync("dist/web.js")))) {
    console.log("[stack] no production build yet: running `npm run build` first");
    await runToCompletion("build", "npm", ["run", "build"], env);
  }
  const migrate = entry("bin/migrate.ts");
  await runToCompletion("migrate", migrate.command, migrate.args, env);

  const served = { ...env, SUPERVISOR_STATUS_FILE: statusFile };
  supervisor.add({ name: "ranking", ...entry("bin/ranking.ts"), env: served });
  supervisor.add({ name: "pricing", ...entry("bin/pricing.ts"), env: served });
  // Production: our own server around Next (request ids, request logs, HTTP metrics); dev: `next dev`.
  supervisor.add(
    mode === "dev"
      ? { name: "web", command: `${BIN}/next`, args: ["dev", "-p", String(config.PORT)], env: served }
      : { name: "web", ...entry("bin/web.ts", "-p", String(config.PORT)), env: served },
  );

  await waitForHttp(`http://127.0.0.1:${config.PORT}/api/version`, 120_000);
  const note = mode === "start" ? "live providers" : "SIMULATED data from the market simulator";
  console.log(`[stack] Top Coins is up at http://localhost:${config.PORT} (${note}). Ctrl-C stops everything.`);
  console.log(`[stack] try: curl -s 'localhost:${config.PORT}/?limit=5'`);
  console.log("[stack] a process that exits is started again; /api/health shows which is down and since when.");
}

main().catch(async (error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  await supervisor.stop();
  process.exit(1);
});
