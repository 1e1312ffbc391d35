// The supervisor behind `npm start`, `npm run demo` and `npm run dev`: it starts each process of the
// stack and, when one exits without being asked to, starts it again after a backoff, as systemd's
// Restart=always or a Kubernetes restart policy would, while the others keep running. The store is
// the stack's durable state, so a restarted process picks up where the last one stopped, and the
// web serves what the store holds while a service is down.
//
// - Backoff: 1 s after the first unexpected exit, doubling up to 60 s; a process that has run a
//   stable minute starts again from 1 s.
// - Crash loop: 5 exits within 5 minutes is logged loudly and shown in /api/health; the supervisor
//   keeps trying, at the longest backoff, until the process has run a stable minute again.
// - Status: every change is written, atomically, to a JSON file the web reads for /api/health.
// - Stop: in the reverse of the start order (the web first, the simulator last), each given a grace
//   period after SIGTERM before SIGKILL; pending restarts are cancelled.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { type ManagedProcess, startProcess } from "./processes";

export interface SupervisorTimings {
  /** The delay before the first restart. */
  initialBackoffMs: number;
  /** The longest delay; a crash loop restarts at this pace. */
  maxBackoffMs: number;
  /** A process that has run this long is healthy again: backoff and crash loop reset. */
  stableMs: number;
  /** This many exits within `crashLoopWindowMs` is a crash loop. */
  crashLoopExits: number;
  crashLoopWindowMs: number;
}

export const DEFAULT_TIMINGS: SupervisorTimings = {
  initialBackoffMs: 1000,
  maxBackoffMs: 60_000,
  stableMs: 60_000,
  crashLoopExits: 5,
  crashLoopWindowMs: 5 * 60_000,
};

/** The timings with any SUPERVISOR_* overrides from the environment (the chaos run shortens them). */
export function timingsFromEnv(env: Record<string, string | undefined>): SupervisorTimings {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`${name} must be an integer of at least ${min}, got "${raw}"`);
    }
    return value;
  };
  const initialBackoffMs = read("SUPERVISOR_INITIAL_BACKOFF_MS", DEFAULT_TIMINGS.initialBackoffMs, 0);
  const maxBackoffMs = read("SUPERVISOR_MAX_BACKOFF_MS", DEFAULT_TIMINGS.maxBackoffMs, 0);
  if (maxBackoffMs < initialBackoffMs) {
    throw new RangeError(`SUPERVISOR_MAX_BACKOFF_MS (${maxBackoffMs}) is below SUPERVISOR_INITIAL_BACKOFF_MS`);
  }
  return {
    initialBackoffMs,
    maxBackoffMs,
    stableMs: read("SUPERVISOR_STABLE_MS", DEFAULT_TIMINGS.stableMs, 1),
    crashLoopExits: read("SUPERVISOR_CRASH_LOOP_EXITS", DEFAULT_TIMINGS.crashLoopExits, 2),
    crashLoopWindowMs: read("SUPERVISOR_CRASH_LOOP_WINDOW_MS", DEFAULT_TIMINGS.crashLoopWindowMs, 1),
  };
}

/**
 * The delay before restart number `quickExits` of a run of exits that came sooner than `stableMs`
 * after each start: initial, 2×, 4×, … up to the maximum; a crash loop waits the maximum.
 */
export function backoffMs(quickExits: number, crashLoop: boolean, timings: SupervisorTimings): number {
  if (crashLoop) return timings.maxBackoffMs;
  const doublings = Math.max(0, quickExits - 1);
  // 2^31 ms is already past any sensible maximum; cap the exponent before it overflows.
  return Math.min(timings.maxBackoffMs, timings.initialBackoffMs * 2 ** Math.min(doublings, 31));
}

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export type ProcessState = "running" | "restarting" | "stopping" | "stopped";

export interface ExitRecord {
  code: number | null;
  signal: string | null;
  at: string;
  /** How long that run lasted. */
  ranMs: number;
}

export interface ProcessStatus {
  name: string;
  state: ProcessState;
  pid: number | null;
  /** When the process entered its current state. */
  since: string;
  /** Restarts since the supervisor started (not counting the first start). */
  restarts: number;
  lastExit: ExitRecord | null;
  /** While restarting: when the next start is due. */
  nextStartAt: string | null;
  /** Exits within the crash-loop window. */
  recentExits: number;
  crashLoop: boolean;
}

export interface SupervisorStatus {
  supervisorPid: number;
  startedAt: string;
  updatedAt: string;
  processes: ProcessStatus[];
}

export interface SupervisorOptions {
  timings?: SupervisorTimings;
  /** Where the status is written on every change (for /api/health); none when omitted. */
  statusFile?: string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
  /** Starts a child; the default prints its output with a `[name]` prefix. */
  spawnChild?: (spec: ProcessSpec) => ManagedProcess;
}

interface Supervised {
  spec: ProcessSpec;
  current: ManagedProcess | null;
  state: ProcessState;
  since: number;
  startedAt: number;
  restarts: number;
  /** Consecutive exits that came before the process had run a stable period. */
  quickExits: number;
  exitTimes: number[];
  lastExit: ExitRecord | null;
  nextStartAt: number | null;
  crashLoop: boolean;
  restartTimer: NodeJS.Timeout | null;
  stableTimer: NodeJS.Timeout | null;
}

export class Supervisor {
  private readonly timings: SupervisorTimings;
  private readonly supervised: Supervised[] = [];
  private readonly startedAt = Date.now();
  private stopping = false;
  private readonly log: (line: string) => void;
  private readonly warn: (line: string) => void;
  private readonly spawnChild: (spec: ProcessSpec) => ManagedProcess;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.timings = options.timings ?? DEFAULT_TIMINGS;
    this.log = options.log ?? ((line) => console.log(`[stack] ${line}`));
    this.warn = options.warn ?? ((line) => console.error(`[stack] ${line}`));
    this.spawnChild =
      options.spawnChild ?? ((spec) => startProcess(spec.name, spec.command, spec.args, spec.env, { ownGroup: true }));
  }

  /** Starts a process and keeps it running until `stop()`. */
  add(spec: ProcessSpec): void {
    if (this.stopping) throw new Error(`the supervisor is stopping; ${spec.name} was not started`);
    if (this.supervised.some((entry) => entry.spec.name === spec.name)) {
      throw new Error(`a process named ${spec.name} is already supervised`);
    }
    const now = Date.now();
    const entry: Supervised = {
      spec,
      current: null,
      state: "running",
      since: now,
      startedAt: now,
      restarts: 0,
      quickExits: 0,
      exitTimes: [],
      lastExit: null,
      nextStartAt: null,
      crashLoop: false,
      restartTimer: null,
      stableTimer: null,
    };
    this.supervised.push(entry);
    this.launch(entry);
  }

  /** The pid of a process while it runs. */
  pid(name: string): number | null {
    return this.find(name).current?.child.pid ?? null;
  }

  status(): SupervisorStatus {
    const now = Date.now();
    return {
      supervisorPid: process.pid,
      startedAt: new Date(this.startedAt).toISOString(),
      updatedAt: new Date(now).toISOString(),
      processes: this.supervised.map((entry) => ({
        name: entry.spec.name,
        state: entry.state,
        pid: entry.state === "running" ? (entry.current?.child.pid ?? null) : null,
        since: new Date(entry.since).toISOString(),
        restarts: entry.restarts,
        lastExit: entry.lastExit,
        nextStartAt: entry.nextStartAt === null ? null : new Date(entry.nextStartAt).toISOString(),
        recentExits: this.recentExits(entry, now),
        crashLoop: entry.crashLoop,
      })),
    };
  }

  /** Stops every process, the last started first, each SIGTERM then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const entry of this.supervised) this.clearTimers(entry);
    for (const entry of [...this.supervised].reverse()) {
      const running = entry.current;
      if (running && running.child.exitCode === null && running.child.signalCode === null) {
        this.setState(entry, "stopping");
        running.child.kill("SIGTERM");
        const timer = setTimeout(() => running.child.kill("SIGKILL"), graceMs);
        await running.exited;
        clearTimeout(timer);
      }
      this.setState(entry, "stopped");
    }
    if (this.options.statusFile) rmSync(this.options.statusFile, { force: true });
  }

  private find(name: string): Supervised {
    const entry = this.supervised.find((candidate) => candidate.spec.name === name);
    if (!entry) throw new Error(`no process named ${name}`);
    return entry;
  }

  private launch(entry: Supervised): void {
    const managed = this.spawnChild(entry.spec);
    const startedAt = Date.now();
    entry.current = managed;
    entry.startedAt = startedAt;
    entry.nextStartAt = null;
    this.setState(entry, "running");
    entry.stableTimer = setTimeout(() => this.markStable(entry), this.timings.stableMs);
    entry.stableTimer.unref();
    // `exited` also settles when the process could not be started at all (a missing executable).
    void managed.exited.then((code) => {
      const signal = managed.child.signalCode;
      this.onExit(entry, managed, signal ? null : code, signal, startedAt);
    });
  }

  private markStable(entry: Supervised): void {
    entry.stableTimer = null;
    entry.quickExits = 0;
    if (entry.crashLoop) {
      entry.crashLoop = false;
      this.log(`${entry.spec.name} has run ${seconds(this.timings.stableMs)} without exiting: crash loop over`);
      this.writeStatus();
    }
  }

  private onExit(
    entry: Supervised,
    managed: ManagedProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    startedAt: number,
  ): void {
    if (entry.current !== managed) return;
    entry.current = null;
    if (entry.stableTimer) clearTimeout(entry.stableTimer);
    entry.stableTimer = null;
    if (this.stopping) return;
    const now = Date.now();
    const ranMs = now - startedAt;
    entry.lastExit = { code, signal, at: new Date(now).toISOString(), ranMs };
    entry.exitTimes.push(now);
    entry.exitTimes = entry.exitTimes.filter((at) => now - at <= this.timings.crashLoopWindowMs);
    entry.quickExits = ranMs >= this.timings.stableMs ? 1 : entry.quickExits + 1;
    const looping = entry.exitTimes.length >= this.timings.crashLoopExits;
    const delay = backoffMs(entry.quickExits, looping, this.timings);
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (looping && !entry.crashLoop) {
      this.warn(
        `!!! ${entry.spec.name} is in a CRASH LOOP: ${entry.exitTimes.length} exits within ` +
          `${seconds(this.timings.crashLoopWindowMs)} (the last one ${how} after ${seconds(ranMs)}). ` +
          `Still retrying, every ${seconds(delay)}; see its output above.`,
      );
    } else {
      this.warn(`${entry.spec.name} ${how} after ${seconds(ranMs)}; restarting in ${seconds(delay)}`);
    }
    entry.crashLoop = looping;
    entry.nextStartAt = now + delay;
    this.setState(entry, "restarting");
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = null;
      if (this.stopping) return;
      entry.restarts++;
      this.launch(entry);
    }, delay);
  }

  private recentExits(entry: Supervised, now: number): number {
    return entry.exitTimes.filter((at) => now - at <= this.timings.crashLoopWindowMs).length;
  }

  private clearTimers(entry: Supervised): void {
    if (entry.restartTimer) clearTimeout(entry.restartTimer);
    if (entry.stableTimer) clearTimeout(entry.stableTimer);
    entry.restartTimer = null;
    entry.stableTimer = null;
    entry.nextStartAt = null;
  }

  private setState(entry: Supervised, state: ProcessState): void {
    entry.state = state;
    entry.since = Date.now();
    this.writeStatus();
  }

  private writeStatus(): void {
    const file = this.options.statusFile;
    if (!file) return;
    // Write then rename: a reader never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(this.status(), null, 2)}\n`);
      renameSync(temporary, file);
    } catch (error) {
      this.warn(`could not write the status file ${file}: ${(error as Error).message}`);
    }
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
