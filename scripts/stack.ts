// One command for the whole stack: `npm start` (live providers), `npm run demo` (offline, on the
// market simulator and a separate demo database) and `npm run dev` (the simulator with `next dev`).
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { ConfigError, loadConfig } from "@/lib/config";
import { keylessReason, roleStartProblem } from "@/services/role-source";
import { type ManagedProcess, runToCompletion, startProcess, stopAll, waitForHttp } from "./processes";

type Mode = "start" | "demo" | "dev";
const mode = process.argv[2] as Mode;
if (!["start", "demo", "dev"].includes(mode)) {
  console.error("usage: tsx scripts/stack.ts start|demo|dev");
  process.exit(2);
}

const BIN = "node_modules/.bin";
// TypeScript entry points run in one node process each, with tsx as a loader (no wrapper process).
const TS = [process.execPath, "--import", "tsx"] as const;
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

const processes: ManagedProcess[] = [];

async function main(): Promise<void> {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`[stack] stopping ${processes.map((managed) => managed.name).join(", ")}`);
    await stopAll(processes);
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
    processes.push(
      startProcess("simulator", TS[0], [...TS.slice(1), "simulator/main.ts"], {
        ...process.env,
        SIMULATOR_PORT: String(port),
        SIM_TICK_SECONDS: process.env.SIM_TICK_SECONDS ?? "10",
        SIM_CMC_KEY: SIM_KEYS.cmc,
        SIM_CRYPTOCOMPARE_KEY: SIM_KEYS.cryptocompare,
      }),
    );
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

  if (mode !== "dev" && !existsSync(".next/BUILD_ID")) {
    console.log("[stack] no production build yet: running `next build` first");
    await runToCompletion("build", `${BIN}/next`, ["build"], env);
  }
  await runToCompletion("migrate", TS[0], [...TS.slice(1), "scripts/migrate.ts"], env);

  processes.push(startProcess("ranking", TS[0], [...TS.slice(1), "services/ranking.ts"], env));
  processes.push(startProcess("pricing", TS[0], [...TS.slice(1), "services/pricing.ts"], env));
  // Production: our own server around Next (request ids, request logs, HTTP metrics); dev: `next dev`.
  processes.push(
    mode === "dev"
      ? startProcess("web", `${BIN}/next`, ["dev", "-p", String(config.PORT)], env)
      : startProcess("web", TS[0], [...TS.slice(1), "scripts/web-server.ts", "-p", String(config.PORT)], env),
  );

  for (const managed of processes) {
    void managed.exited.then((code) => {
      if (stopping) return;
      console.error(`[stack] ${managed.name} exited with code ${code}; stopping the stack`);
      void shutdown(code === 0 ? 1 : (code ?? 1));
    });
  }

  await waitForHttp(`http://127.0.0.1:${config.PORT}/api/version`, 120_000);
  const note = mode === "start" ? "live providers" : "SIMULATED data from the market simulator";
  console.log(`[stack] Top Coins is up at http://localhost:${config.PORT} (${note}). Ctrl-C stops everything.`);
  console.log(`[stack] try: curl -s 'localhost:${config.PORT}/?limit=5'`);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  await stopAll(processes);
  process.exit(1);
});
