// Child processes for the one-command stack: prefixed output, and a clean shutdown of all of them.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const COLORS = [36, 35, 33, 32, 34, 31];
let colorIndex = 0;

function prefixer(name: string): (line: string) => void {
  const color = COLORS[colorIndex++ % COLORS.length];
  const label = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m` : `[${name}]`;
  return (line) => process.stdout.write(`${label} ${line}\n`);
}

/** Starts a child whose stdout and stderr lines are printed with a `[name]` prefix. */
export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const print = prefixer(name);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", print);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once("error", (error) => {
      print(`failed to start: ${error.message}`);
      resolve(1);
    });
  });
  return { name, child, exited };
}

/** Runs a child to completion; rejects when it exits non-zero. */
export async function runToCompletion(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const code = await startProcess(name, command, args, env).exited;
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

/** Stops every child: SIGTERM, then SIGKILL for any still running after `graceMs`. */
export async function stopAll(processes: readonly ManagedProcess[], graceMs = 10_000): Promise<void> {
  const running = processes.filter((managed) => managed.child.exitCode === null && managed.child.signalCode === null);
  for (const managed of running) managed.child.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const managed of running) if (managed.child.exitCode === null) managed.child.kill("SIGKILL");
  }, graceMs);
  await Promise.all(running.map((managed) => managed.exited));
  clearTimeout(timer);
}

/** Resolves when `url` answers 2xx, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
