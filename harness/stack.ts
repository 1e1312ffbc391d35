// Starts the real stack for integration tests: the simulator, both services and the production
// web server, each its own process, on free ports, against the database the test names.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { markWebPort } from "./web-origins";

const ROOT = path.resolve(import.meta.dirname, "..");
export const TS = ["--import", "tsx"];
export const SIM_KEYS = { cmc: "test-cmc-key", cryptocompare: "test-cc-key" };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** The last chunks of its stdout and stderr; empty when they go to `logFile`. */
  output: string[];
  logFile?: string;
}

/**
 * Starts a process with its stdout and stderr kept in memory (the last 400 chunks), or appended to
 * `logFile`: a benchmark keeps them in files, as a process manager would, so reading them costs the
 * load generator nothing.
 */
export function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logFile?: string): Child {
  if (logFile) {
    const fd = openSync(logFile, "a");
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    return { name, process: child, output: [], logFile };
  }
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { name, process: child, output };
}

/** The production web server on a port, as `npm run start:web` runs it. */
export function launchWeb(name: string, port: number, env: NodeJS.ProcessEnv, logFile?: string): Child {
  markWebPort(port);
  const args = [...TS, "bin/web.ts", "-p", String(port), "-H", "127.0.0.1"];
  return launch(name, process.execPath, args, env, logFile);
}

/** The end of a process's output (a log file may be far too large to read whole). */
export function outputTail(child: Child, chars = 4000): string {
  if (!child.logFile) return child.output.join("").slice(-chars);
  const fd = openSync(child.logFile, "r");
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, chars));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString();
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM, then SIGKILL after 8 s; resolves once every child has exited. */
export function stopChildren(children: readonly Child[]): Promise<void> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.process.kill("SIGKILL"), 8000);
          child.process.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.process.kill("SIGTERM");
        }),
    ),
  ).then(() => undefined);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}

export interface RunningStack {
  webUrl: string;
  simUrl: string;
  env: NodeJS.ProcessEnv;
  /** The last output of every process, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export interface StackOptions {
  databaseUrl: string;
  refreshSeconds?: number;
  /** Variables over the defaults; a function gets the simulator's URL, to point a provider at it. */
  extraEnv?: Record<string, string> | ((simUrl: string) => Record<string, string>);
  /** Runs once the simulator is up, before any service starts: the place to switch on a fault. */
  beforeServices?: (simUrl: string) => Promise<void>;
  /** Wait until /api/top serves data (the default), or only until the web answers at all. */
  waitForData?: boolean;
  /** A directory for each process's output (`web.log`, …) instead of memory. */
  logDir?: string;
}

/** What every process of a test stack inherits: nothing else from the test's own environment. */
export const BASE_ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: "production" as const,
  LOG_LEVEL: "info",
};

/** Starts the simulator on a free port with the test keys and waits until it answers. */
export async function launchSimulator(extraEnv: Record<string, string> = {}): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = launch("simulator", process.execPath, [...TS, "bin/simulator.ts"], {
    ...BASE_ENV,
    SIMULATOR_PORT: String(port),
    SEED: "7",
    SIM_TICK_SECONDS: "0",
    SIM_CMC_KEY: SIM_KEYS.cmc,
    SIM_CRYPTOCOMPARE_KEY: SIM_KEYS.cryptocompare,
    ...extraEnv,
  });
  try {
    await waitFor("the simulator", async () => ((await fetch(`${url}/_sim/health`)).ok ? true : undefined), 30_000);
  } catch (error) {
    await stopChildren([child]);
    throw new Error(`${String(error)}\n${child.output.join("").slice(-4000)}`);
  }
  return { child, url };
}

/** The services' and web's environment against the simulator: its keys, no credit budget. */
export function servicesEnv(simUrl: string, databaseUrl: string, refreshSeconds: number): NodeJS.ProcessEnv {
  return {
    ...BASE_ENV,
    DATABASE_URL: databaseUrl,
    CMC_BASE_URL: simUrl,
    CRYPTOCOMPARE_BASE_URL: simUrl,
    // The exchange rates (and CoinGecko whenever a test makes it a role's provider or fallback).
    COINGECKO_BASE_URL: `${simUrl}/api/v3`,
    CMC_API_KEY: SIM_KEYS.cmc,
    CRYPTOCOMPARE_API_KEY: SIM_KEYS.cryptocompare,
    // The simulator bills no credits: no budget, so tests can poll every second.
    CMC_DAILY_CREDITS: "0",
    PRICING_REFRESH_SECONDS: String(refreshSeconds),
    RANKING_REFRESH_SECONDS: String(refreshSeconds),
  };
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    throw new Error("no production build: run `npm run build` (npm test does) before the integration tests");
  }
  const children: Child[] = [];
  const simulator = await launchSimulator();
  children.push(simulator.child);
  const simUrl = simulator.url;
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const env: NodeJS.ProcessEnv = {
    ...servicesEnv(simUrl, options.databaseUrl, options.refreshSeconds ?? 1),
    // All the simulator's listings, so its truth (which knows every listing) is the right answer.
    PRICING_DEPTH: "5000",
    HTTP_RETRIES: "1",
    HTTP_TIMEOUT_MS: "2000",
    PORT: String(webPort),
    ...(typeof options.extraEnv === "function" ? options.extraEnv(simUrl) : options.extraEnv),
  };
  const stack: RunningStack = {
    webUrl,
    simUrl,
    env,
    logs: () => children.map((child) => `--- ${child.name}\n${outputTail(child)}`).join("\n"),
    stop: () => stopChildren(children),
  };
  try {
    await options.beforeServices?.(simUrl);
    const logFile = (name: string) => (options.logDir ? path.join(options.logDir, `${name}.log`) : undefined);
    children.push(launch("ranking", process.execPath, [...TS, "bin/ranking.ts"], env, logFile("ranking")));
    children.push(launch("pricing", process.execPath, [...TS, "bin/pricing.ts"], env, logFile("pricing")));
    children.push(launchWeb("web", webPort, env, logFile("web")));
    const waitForData = options.waitForData ?? true;
    await waitFor(
      waitForData ? "the first merged view" : "the web server",
      async () => {
        const response = await fetch(`${webUrl}/api/top`).catch(() => undefined);
        return (waitForData ? response?.ok : response !== undefined) ? true : undefined;
      },
      60_000,
    );
    return stack;
  } catch (error) {
    const logs = stack.logs();
    await stack.stop();
    throw new Error(`${String(error)}\n${logs}`);
  }
}
