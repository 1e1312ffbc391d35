// The stack's processes among this process's descendants, named by the script they run, and
// their resident memory: what `npm run load` and `npm run bench` record per process.
import { readdirSync, readFileSync } from "node:fs";

export interface Watched {
  pid: number;
  name: string;
}

const STACK_NAMES: Record<string, string> = {
  "bin/simulator.ts": "simulator",
  "bin/ranking.ts": "ranking service",
  "bin/pricing.ts": "pricing service",
  "bin/web.ts": "web",
};

/**
 * Every descendant of this process whose command line names one of the stack's scripts (or one of
 * `extraNames`, argument → name). tsx's esbuild helpers are left out: only the stack's processes.
 */
export function stackProcesses(extraNames: Record<string, string> = {}): Watched[] {
  const names = { ...STACK_NAMES, ...extraNames };
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // After "(comm)": state, then ppid.
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (ours.has(ppid) && !ours.has(pid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  ours.delete(process.pid);
  return [...ours].flatMap((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const name = argv.map((arg) => names[arg]).find((value) => value !== undefined);
      return name ? [{ pid, name }] : [];
    } catch {
      return [];
    }
  });
}

/** Resident memory in MiB, or null when the process is gone (or a zombie). */
export function rssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    if (/^State:\s+Z/m.test(status)) return null;
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}
