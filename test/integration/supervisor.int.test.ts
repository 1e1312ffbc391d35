// The supervisor with real child processes (small node scripts), on shortened timings: restart after
// a SIGKILL while the others keep running, the backoff sequence, its reset after a stable run, the
// crash-loop report and its end, the status file, and the ordered shutdown.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { processProblems, readProcesses } from "@/lib/web/process-status";
import { startProcess } from "../../scripts/processes";
import { type ProcessSpec, Supervisor, type SupervisorTimings } from "../../scripts/supervisor";

const TIMINGS: SupervisorTimings = {
  initialBackoffMs: 100,
  maxBackoffMs: 800,
  stableMs: 1500,
  crashLoopExits: 4,
  crashLoopWindowMs: 4000,
};

let dir: string;
let supervisor: Supervisor | null = null;
let lines: { at: number; text: string }[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "topcoins-supervisor-"));
  lines = [];
});

afterEach(async () => {
  await supervisor?.stop(500);
  supervisor = null;
  rmSync(dir, { recursive: true, force: true });
});

function start(timings = TIMINGS): Supervisor {
  const note = (text: string) => lines.push({ at: Date.now(), text });
  supervisor = new Supervisor({
    timings,
    statusFile: path.join(dir, "status.json"),
    log: note,
    warn: note,
    // Quiet children: their output is not the subject here.
    spawnChild: (spec) => {
      const managed = startProcess(spec.name, spec.command, spec.args, spec.env, { ownGroup: true });
      managed.child.stdout?.removeAllListeners("data");
      return managed;
    },
  });
  return supervisor;
}

/** A node child running `code`; FILE in its environment names a scratch file in the test's directory. */
function node(name: string, code: string): ProcessSpec {
  return { name, command: process.execPath, args: ["-e", code], env: { ...process.env, FILE: path.join(dir, name) } };
}

const FOREVER = "setInterval(() => {}, 1000)";

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const entry = (name: string) => supervisor?.status().processes.find((candidate) => candidate.name === name);
const restartLines = () => lines.map((line) => line.text).filter((text) => text.includes("restarting in"));

describe("Supervisor", () => {
  it("restarts a process killed with SIGKILL and leaves the others running", async () => {
    const stack = start();
    stack.add(node("pricing", FOREVER));
    stack.add(node("web", FOREVER));
    const pricing = await until("pricing's pid", () => stack.pid("pricing"));
    const web = stack.pid("web");
    process.kill(pricing, "SIGKILL");

    const restarted = await until("a new pricing", () => {
      const pid = stack.pid("pricing");
      return pid !== null && pid !== pricing ? pid : null;
    });
    expect(restarted).not.toBe(pricing);
    expect(stack.pid("web")).toBe(web);
    expect(restartLines()).toEqual([
      expect.stringMatching(/^pricing was killed by SIGKILL after \d+\.\d s; restarting in 0\.1 s$/),
    ]);
    expect(entry("pricing")).toMatchObject({
      state: "running",
      pid: restarted,
      restarts: 1,
      lastExit: { code: null, signal: "SIGKILL" },
      crashLoop: false,
      recentExits: 1,
    });
    expect(entry("web")).toMatchObject({ state: "running", restarts: 0, lastExit: null });

    // The status file says the same, for the web's /api/health.
    const reading = readProcesses(path.join(dir, "status.json"));
    expect(reading).toMatchObject({ report: { supervised: true, supervisorPid: process.pid } });
    expect(processProblems(reading)).toEqual([]);
  });

  it("backs off 0.1, 0.2, 0.4 s, reports a crash loop at the 4th exit, then retries every 0.8 s", async () => {
    const stack = start();
    stack.add(node("ranking", "process.exit(3)"));
    await until("6 restarts", () => (entry("ranking")?.restarts ?? 0) >= 6, 15_000);
    const texts = lines.map((line) => line.text);
    expect(texts.slice(0, 3)).toEqual([
      expect.stringMatching(/^ranking exited with code 3 after \d\.\d s; restarting in 0\.1 s$/),
      expect.stringMatching(/restarting in 0\.2 s$/),
      expect.stringMatching(/restarting in 0\.4 s$/),
    ]);
    expect(texts[3]).toMatch(
      /^!!! ranking is in a CRASH LOOP: 4 exits within 4\.0 s \(the last one exited with code 3 after \d\.\d s\)\. Still retrying, every 0\.8 s; see its output above\.$/,
    );
    // Then every exit waits the longest backoff; the loud report is not repeated.
    expect(texts.slice(4, 6)).toEqual([
      expect.stringMatching(/restarting in 0\.8 s$/),
      expect.stringMatching(/restarting in 0\.8 s$/),
    ]);
    // The gap after each exit is at least its delay (and the next run's start-up).
    const exits = lines.map((line) => line.at);
    const gaps = exits.slice(1, 6).map((at, index) => at - (exits[index] ?? 0));
    for (const [index, minimum] of [100, 200, 400, 800, 800].entries())
      expect(gaps[index]).toBeGreaterThanOrEqual(minimum - 15);

    await until("a restart wait", () => entry("ranking")?.state === "restarting");
    const status = entry("ranking");
    expect(status).toMatchObject({ state: "restarting", crashLoop: true, lastExit: { code: 3, signal: null } });
    expect(Date.parse(status?.nextStartAt ?? "")).toBeGreaterThan(Date.now());
    const problems = processProblems(readProcesses(path.join(dir, "status.json")));
    expect(problems).toEqual([
      expect.stringMatching(
        /^ranking is in a CRASH LOOP \(\d recent exits\), down since \S+ \(exit code 3; \d+ restarts so far, next start at \S+\)$/,
      ),
    ]);
  });

  it("starts again from the shortest backoff after a run longer than the stable period", async () => {
    const stack = start();
    stack.add(node("pricing", "setTimeout(() => process.exit(1), 1600)"));
    await until("3 exits", () => restartLines().length >= 3, 15_000);
    expect(restartLines()).toEqual([
      expect.stringMatching(/^pricing exited with code 1 after 1\.\d s; restarting in 0\.1 s$/),
      expect.stringMatching(/restarting in 0\.1 s$/),
      expect.stringMatching(/restarting in 0\.1 s$/),
    ]);
  });

  it("ends a crash loop once the process has run a stable period", async () => {
    const stack = start();
    // Fails its first 4 starts (counted in its scratch file), then runs.
    stack.add(
      node(
        "web",
        `const fs = require("node:fs"); let n = 0; try { n = Number(fs.readFileSync(process.env.FILE, "utf8")); } catch {}
         fs.writeFileSync(process.env.FILE, String(n + 1)); if (n < 4) process.exit(2); setInterval(() => {}, 1000);`,
      ),
    );
    await until("the crash loop", () => entry("web")?.crashLoop, 10_000);
    await until("a running web", () => entry("web")?.state === "running" && entry("web")?.restarts === 4, 10_000);
    expect(processProblems(readProcesses(path.join(dir, "status.json")))).toEqual([
      expect.stringMatching(/^web is in a CRASH LOOP \(4 recent exits\), running again since \S+$/),
    ]);
    await until("the loop's end", () => entry("web")?.crashLoop === false, 5000);
    expect(lines.at(-1)?.text).toBe("web has run 1.5 s without exiting: crash loop over");
    expect(processProblems(readProcesses(path.join(dir, "status.json")))).toEqual([]);
    expect(readFileSync(path.join(dir, "web"), "utf8")).toBe("5");
  });

  it("stops the last started first, SIGKILLs one that ignores SIGTERM, and removes its status file", async () => {
    const stack = start();
    const log = path.join(dir, "order");
    writeFileSync(log, "");
    const polite = (name: string) =>
      node(
        name,
        `process.on("SIGTERM", () => { require("node:fs").appendFileSync(${JSON.stringify(log)}, "${name} ");
           setTimeout(() => process.exit(0), 50); }); setInterval(() => {}, 1000);`,
      );
    stack.add(polite("simulator"));
    stack.add(polite("ranking"));
    stack.add(node("stubborn", `process.on("SIGTERM", () => {}); ${FOREVER}`));
    stack.add(polite("web"));
    await until("all four running", () => stack.status().processes.every((p) => p.pid !== null));
    // Let each child install its handler before it is asked to stop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stubborn = stack.pid("stubborn");
    const started = Date.now();
    await stack.stop(400);
    supervisor = null;
    expect(readFileSync(log, "utf8")).toBe("web ranking simulator ");
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(() => process.kill(stubborn ?? 0, 0)).toThrow();
    expect(stack.status().processes.map((p) => p.state)).toEqual(["stopped", "stopped", "stopped", "stopped"]);
    expect(readProcesses(path.join(dir, "status.json"))).toEqual({ error: "the supervisor's status file is missing" });
    // No restart follows a requested stop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.filter((line) => line.text.includes("restarting"))).toEqual([]);
  });
});
