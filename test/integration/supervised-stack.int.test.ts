// `npm start` as a single-host user runs it (scripts/start.mjs, here pointed at the simulator):
// a `kill -9` of the pricing service leaves /api/top answering 200 throughout, /api/health names the
// process that is down and since when, and the supervisor brings it back while the others keep
// running; a `kill -9` of the web brings the web back within seconds; SIGTERM stops all, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import {
  type Child,
  freePort,
  launch,
  launchSimulator,
  outputTail,
  servicesEnv,
  stopChildren,
  waitFor,
} from "../../harness/stack";

interface HealthProcess {
  name: string;
  state: string;
  pid: number | null;
  since: string;
  restarts: number;
  lastExit: { code: number | null; signal: string | null } | null;
}
interface Health {
  status: string;
  problems: string[];
  processes: { supervised: boolean; processes: HealthProcess[] };
}

// Long enough that the down state is seen in health (rebuilt at most once a second).
const BACKOFF_MS = 3000;

describe("npm start under kill -9", () => {
  let database: TestDatabase;
  let simulator: Child;
  let stack: Child;
  let webUrl: string;
  const reads: { at: number; status: number }[] = [];
  let reading = true;
  let reader: Promise<void> = Promise.resolve();

  const health = async (): Promise<Health> => (await fetch(`${webUrl}/api/health`)).json() as Promise<Health>;
  const processOf = (body: Health, name: string) => body.processes.processes.find((entry) => entry.name === name);
  const failedReads = (from: number, to = Date.now()) =>
    reads.filter((read) => read.at >= from && read.at <= to && read.status !== 200);

  beforeAll(async () => {
    database = await createSqliteDatabase();
    const sim = await launchSimulator();
    simulator = sim.child;
    const port = await freePort();
    webUrl = `http://127.0.0.1:${port}`;
    // `npm start` itself: the compiled launcher, running every process from dist/.
    stack = launch("stack", process.execPath, ["scripts/start.mjs"], {
      ...servicesEnv(sim.url, database.url, 1),
      PORT: String(port),
      HTTP_RETRIES: "1",
      HTTP_TIMEOUT_MS: "2000",
      SUPERVISOR_INITIAL_BACKOFF_MS: String(BACKOFF_MS),
    });
    await waitFor(
      "/api/top with data",
      async () => {
        const response = await fetch(`${webUrl}/api/top?limit=5`);
        return response.ok && ((await response.json()) as { data: unknown[] }).data.length === 5 ? true : undefined;
      },
      120_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${outputTail(stack)}`);
    });
    reader = (async () => {
      while (reading) {
        const at = Date.now();
        const status = await fetch(`${webUrl}/api/top?limit=20`, { signal: AbortSignal.timeout(2000) }).then(
          async (response) => {
            await response.arrayBuffer();
            return response.status;
          },
          () => 0,
        );
        reads.push({ at, status });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
  }, 180_000);

  afterAll(async () => {
    reading = false;
    await reader;
    await stopChildren([stack, simulator].filter(Boolean));
    await database?.drop();
  });

  it("restarts a killed service while /api/top keeps answering 200 and health says what is down", async () => {
    const before = await health();
    expect(before.processes.supervised).toBe(true);
    expect(before.processes.processes.map((entry) => [entry.name, entry.state, entry.restarts])).toEqual([
      ["ranking", "running", 0],
      ["pricing", "running", 0],
      ["web", "running", 0],
    ]);
    const pricingPid = processOf(before, "pricing")?.pid ?? 0;
    const rankingPid = processOf(before, "ranking")?.pid;
    const webPid = processOf(before, "web")?.pid;
    const killedAt = Date.now();
    process.kill(pricingPid, "SIGKILL");

    const down = await waitFor(
      "health to show pricing down",
      async () => {
        const body = await health();
        return processOf(body, "pricing")?.state === "restarting" ? body : undefined;
      },
      BACKOFF_MS,
    );
    expect(down.status).toBe("degraded");
    expect(processOf(down, "pricing")).toMatchObject({
      pid: null,
      restarts: 0,
      lastExit: { code: null, signal: "SIGKILL" },
    });
    expect(down.problems).toContainEqual(
      expect.stringMatching(
        /^pricing is down since \S+Z \(killed by SIGKILL; 0 restarts so far, next start at \S+Z\)$/,
      ),
    );

    const back = await waitFor(
      "pricing to be back",
      async () => {
        const body = await health();
        return processOf(body, "pricing")?.state === "running" ? body : undefined;
      },
      BACKOFF_MS + 30_000,
    );
    const pricing = processOf(back, "pricing");
    expect(pricing).toMatchObject({ state: "running", restarts: 1, lastExit: { signal: "SIGKILL" } });
    expect(pricing?.pid).not.toBe(pricingPid);
    expect(Date.parse(pricing?.since ?? "") - killedAt).toBeGreaterThanOrEqual(BACKOFF_MS - 50);
    // Nothing else was touched.
    expect(processOf(back, "ranking")?.pid).toBe(rankingPid);
    expect(processOf(back, "web")?.pid).toBe(webPid);
    expect(back.problems.filter((problem) => problem.startsWith("pricing is"))).toEqual([]);
    // The web answered every read while pricing was down.
    const during = reads.filter((read) => read.at >= killedAt);
    expect(during.length).toBeGreaterThan(20);
    expect(failedReads(killedAt)).toEqual([]);
  }, 60_000);

  it("brings a killed web back within seconds", async () => {
    const webPid = processOf(await health(), "web")?.pid ?? 0;
    const killedAt = Date.now();
    process.kill(webPid, "SIGKILL");
    await waitFor(
      "the web to answer again",
      async () => ((await fetch(`${webUrl}/api/top?limit=20`)).ok ? true : undefined),
      30_000,
    );
    const backAfter = Date.now() - killedAt;
    expect(backAfter).toBeLessThan(20_000);
    const web = processOf(await health(), "web");
    expect(web).toMatchObject({ state: "running", restarts: 1, lastExit: { signal: "SIGKILL" } });
    expect(web?.pid).not.toBe(webPid);
  }, 45_000);

  it("stops every process on SIGTERM, the web first", async () => {
    const pids = (await health()).processes.processes.map((entry) => entry.pid ?? 0);
    const exited = new Promise<number | null>((resolve) => stack.process.once("exit", (code) => resolve(code)));
    stack.process.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(outputTail(stack, 20_000)).toContain("[stack] stopping web, pricing, ranking\n");
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid}`).toThrow();
  }, 30_000);
});
