// The stack's processes as /api/health shows them: under `npm start` or `npm run demo` the supervisor
// (scripts/supervisor.ts) writes its status to SUPERVISOR_STATUS_FILE on every change, and the web
// reads it when it builds a health body (at most once a second). Elsewhere (compose, Kubernetes,
// serverless) the platform supervises, the variable is unset and health says nothing of processes.
import { readFileSync } from "node:fs";
import { z } from "zod";

const exitSchema = z.object({
  code: z.number().nullable(),
  signal: z.string().nullable(),
  at: z.string(),
  ranMs: z.number(),
});

const statusSchema = z.object({
  supervisorPid: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
  processes: z.array(
    z.object({
      name: z.string(),
      state: z.enum(["running", "restarting", "stopping", "stopped"]),
      pid: z.number().int().nullable(),
      since: z.string(),
      restarts: z.number().int(),
      lastExit: exitSchema.nullable(),
      nextStartAt: z.string().nullable(),
      recentExits: z.number().int(),
      crashLoop: z.boolean(),
    }),
  ),
});

export type StackStatus = z.infer<typeof statusSchema>;

export interface ProcessesReport {
  /** False when the supervisor that wrote the file is gone: what it says is no longer kept up. */
  supervised: boolean;
  supervisorPid: number;
  updatedAt: string;
  processes: StackStatus["processes"];
}

export type ProcessesReading = { report: ProcessesReport } | { error: string };

/** Reads the supervisor's status file; null when there is none to read (not run by the supervisor). */
export function readProcesses(file: string | undefined): ProcessesReading | null {
  if (!file) return null;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    // Between a stop and the next start the file is briefly absent.
    const code = (error as NodeJS.ErrnoException).code;
    return {
      error: code === "ENOENT" ? "the supervisor's status file is missing" : `unreadable status file (${code})`,
    };
  }
  let parsed: ReturnType<typeof statusSchema.safeParse>;
  try {
    parsed = statusSchema.safeParse(JSON.parse(text));
  } catch {
    return { error: "the supervisor's status file is not JSON" };
  }
  if (!parsed.success) return { error: "the supervisor's status file has an unexpected shape" };
  const status = parsed.data;
  return {
    report: {
      supervised: isAlive(status.supervisorPid),
      supervisorPid: status.supervisorPid,
      updatedAt: status.updatedAt,
      processes: status.processes,
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The health problems a report shows: processes down, restarting or in a crash loop. */
export function processProblems(reading: ProcessesReading | null): string[] {
  if (!reading) return [];
  if ("error" in reading) return [`process status unknown: ${reading.error}`];
  const { report } = reading;
  if (!report.supervised) {
    return [`the supervisor (pid ${report.supervisorPid}) is gone; processes are no longer restarted`];
  }
  return report.processes.flatMap((entry) => {
    const loop = entry.crashLoop ? `in a CRASH LOOP (${entry.recentExits} recent exits), ` : "";
    if (entry.state === "running") {
      return entry.crashLoop ? [`${entry.name} is ${loop}running again since ${entry.since}`] : [];
    }
    const exit = entry.lastExit;
    const how = exit ? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`) : "stopped";
    const next = entry.nextStartAt ? `, next start at ${entry.nextStartAt}` : "";
    return [`${entry.name} is ${loop}down since ${entry.since} (${how}; ${entry.restarts} restarts so far${next})`];
  });
}
