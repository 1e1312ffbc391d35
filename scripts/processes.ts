// Child processes for the one-command stack: each one's output printed with a `[name]` prefix.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const COLORS = [36, 35, 33, 32, 34, 31];
// One colour per name, kept when the supervisor restarts a process.
const colorOf = new Map<string, number>();

function prefixer(name: string): (line: string) => void {
  const color = colorOf.get(name) ?? COLORS[colorOf.size % COLORS.length] ?? 0;
  colorOf.set(name, color);
  const label = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m` : `[${name}]`;
  return (line) => process.stdout.write(`${label} ${line}\n`);
}

/**
 * Starts a child whose stdout and stderr lines are printed with a `[name]` prefix. `ownGroup` puts
 * it in a process group of its own, so a terminal's Ctrl-C reaches only us and we stop the children
 * in order.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { ownGroup = false }: { ownGroup?: boolean } = {},
): ManagedProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: ownGroup });
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
