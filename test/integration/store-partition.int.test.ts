// The store's timeouts during a partition. The stack reaches PostgreSQL through a TCP proxy and
// runs with short timeouts (STORE_CONNECT_TIMEOUT_MS and STORE_STATEMENT_TIMEOUT_MS at 1 s, so
// the client gives up on a query at 2 s). A cut (connections reset, port refused) and a stall
// (connections open, no byte moves) each fail the services' store calls fast, with one log line
// naming the store, the timeout and the wait, counted in topcoins_store_errors_total; the web
// answers from memory and says the store is unreachable; after the restore every process writes
// and reads again with no restart.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../harness/stack";
import { parseExposition, sampleValue } from "../support/exposition";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) console.info("store-partition: skipped, TEST_DATABASE_URL is not set (CI sets it)");

const TIMEOUT_MS = 1000;
const QUERY_TIMEOUT_MS = TIMEOUT_MS + 1000;
// Long enough for a failed cycle, a failed lease renewal and a lapsed lease (TTL 4 s).
const OUTAGE_MS = 8000;

interface Health {
  status: string;
  store: { dialect: string; storeReachable: boolean; storeError: string | null };
}
interface Top {
  meta: Record<"ranking" | "pricing", { snapshotId: number }>;
}
/** A service's log line about a store failure: the error as pino wrote it. */
interface FailureLine {
  time: string;
  msg: string;
  err: { kind: string; timeoutMs: number | null; elapsedMs: number; message: string };
}

describe.skipIf(!postgresUrl)("store timeouts during a partition", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let stack: RunningStack;
  let logDir: string;
  const fail = (error: unknown): never => {
    throw new Error(`${String(error)}\n${stack?.logs()}`);
  };
  const health = async () => (await (await fetch(`${stack.webUrl}/api/health`)).json()) as Health;
  const top = async () => {
    const response = await fetch(`${stack.webUrl}/api/top?limit=20`);
    return { status: response.status, etag: response.headers.get("etag"), text: await response.text() };
  };
  const storeErrors = async (kind: string) => {
    const metrics = parseExposition(await (await fetch(`${stack.webUrl}/api/metrics`)).text());
    return sampleValue(metrics, "topcoins_store_errors_total", { dialect: "postgres", kind }) ?? 0;
  };
  // The services' lines since `since` that name the store in a store failure (a cycle, a lease renewal).
  const failureLines = async (since: number): Promise<FailureLine[]> => {
    const lines: FailureLine[] = [];
    for (const service of ["pricing", "ranking"]) {
      for (const text of (await readFile(path.join(logDir, `${service}.log`), "utf8")).split("\n")) {
        if (!text.includes('"StoreUnavailableError"') || !text.includes("store postgres://")) continue;
        const line = JSON.parse(text) as FailureLine;
        if (Date.parse(line.time) >= since) lines.push(line);
      }
    }
    return lines;
  };

  /** Waits for both services' new snapshots after a market tick, and health back to reachable. */
  const recovers = async (before: Top, restoredAt: number) => {
    await fetch(`${stack.simUrl}/_sim/tick`, { method: "POST" });
    await waitFor(
      "both services' new snapshots after the restore",
      async () => {
        const body = JSON.parse((await top()).text) as Top;
        return body.meta.pricing.snapshotId > before.meta.pricing.snapshotId &&
          body.meta.ranking.snapshotId > before.meta.ranking.snapshotId
          ? true
          : undefined;
      },
      30_000,
    ).catch(fail);
    const freshAfterMs = Date.now() - restoredAt;
    const recovered = await waitFor(
      "health to say the store is reachable",
      async () => {
        const body = await health();
        return body.store.storeReachable ? body : undefined;
      },
      15_000,
    ).catch(fail);
    expect(recovered.store.storeError).toBeNull();
    return freshAfterMs;
  };

  /** Polls /api/top until OUTAGE_MS after `from`: every answer the same 200 body, from memory. */
  const servesFromMemory = async (from: number) => {
    const held = await top();
    expect(held.status).toBe(200);
    let answers = 0;
    while (Date.now() - from < OUTAGE_MS) {
      const now = await top();
      expect(now.status).toBe(200);
      expect(now.etag).toBe(held.etag);
      expect(now.text).toBe(held.text);
      answers++;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { held: JSON.parse(held.text) as Top, answers };
  };

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresUrl ?? "");
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    logDir = await mkdtemp(path.join(tmpdir(), "topcoins-partition-"));
    stack = await startStack({
      databaseUrl: proxiedUrl(database.url, proxy.port),
      refreshSeconds: 1,
      logDir,
      extraEnv: {
        STORE_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
        STORE_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS),
        LEASE_TTL_SECONDS: "4",
        HISTORY_BACKFILL_PER_CYCLE: "0",
      },
    });
  }, 120_000);

  // A test that failed midway leaves the database reachable for the next one.
  afterEach(async () => {
    await proxy?.restore();
    await waitFor(
      "the store reachable again",
      async () => ((await health()).store.storeReachable ? true : undefined),
      30_000,
    );
  });

  afterAll(async () => {
    await stack?.stop();
    await proxy?.close();
    await database?.drop();
    if (logDir) await rm(logDir, { recursive: true, force: true });
  });

  it("a cut fails the services' store calls at once with a clear line; the web serves from memory; all recover", async () => {
    expect((await health()).store).toMatchObject({ dialect: "postgres", storeReachable: true });
    const connectErrors = await storeErrors("connect");
    await proxy.cut();
    const cutAt = Date.now();
    const [first] = await waitFor(
      "a service's line about the refused store",
      async () => {
        const lines = (await failureLines(cutAt)).filter((line) => /cannot connect|connection lost/.test(line.msg));
        return lines.length > 0 ? lines : undefined;
      },
      10_000,
    ).catch(fail);
    if (!first) throw new Error("no failure line");
    // One line says it all: the service's own words, then which store and what happened.
    expect(first.msg).toMatch(
      /^[\w ]+: store postgres:\/\/postgres@127\.0\.0\.1:\d+\/topcoins_test_\w+: (cannot connect \((connect ECONNREFUSED|read ECONNRESET)|connection lost during a query)/,
    );
    // Refused, not waited for: well within the connect timeout.
    expect(first.err.elapsedMs).toBeLessThan(TIMEOUT_MS);

    const down = await waitFor(
      "health to report the store unreachable",
      async () => {
        const body = await health();
        return body.store.storeReachable ? undefined : body;
      },
      10_000,
    ).catch(fail);
    expect(down.status).toBe("degraded");
    expect(down.store.storeError).toMatch(/^store postgres:\/\/\S+: (cannot connect|connection lost during a query)/);
    const { held, answers } = await servesFromMemory(cutAt);
    expect(answers).toBeGreaterThan(5);
    expect(await storeErrors("connect")).toBeGreaterThan(connectErrors);

    await proxy.restore();
    const freshAfterMs = await recovers(held, Date.now());
    console.info(
      `store-partition: cut: first service line after ${Date.parse(first.time) - cutAt} ms (the call failed in ${first.err.elapsedMs} ms), ${answers} identical answers; fresh snapshots ${freshAfterMs} ms after the restore\n  ${first.msg}`,
    );
  });

  it("a stall fails store calls within their timeouts, counts them, and recovers when it ends", async () => {
    const before = {
      query: await storeErrors("query_timeout"),
      connect: await storeErrors("connect_timeout"),
    };
    proxy.stall();
    const stalledAt = Date.now();
    const lines = await waitFor(
      "a service's line about the stalled store",
      async () => {
        const found = (await failureLines(stalledAt)).filter((line) =>
          ["query_timeout", "connect_timeout"].includes(line.err.kind),
        );
        return found.length > 0 ? found : undefined;
      },
      15_000,
    ).catch(fail);
    for (const line of lines) {
      expect(line.msg).toMatch(
        /store postgres:\/\/\S+: (did not answer within the query timeout of 2000 ms \(after \d+ ms\); the connection is dropped|no connection within the connect timeout of 1000 ms \(after \d+ ms\))$/,
      );
      // Each call gave up at its own timeout: not sooner, and not much later (never hanging).
      expect(line.err.timeoutMs).toBe(line.err.kind === "query_timeout" ? QUERY_TIMEOUT_MS : TIMEOUT_MS);
      expect(line.err.elapsedMs).toBeGreaterThanOrEqual((line.err.timeoutMs ?? 0) - 50);
      expect(line.err.elapsedMs).toBeLessThan(3 * TIMEOUT_MS);
    }
    const firstLineAfterMs = Math.min(...lines.map((line) => Date.parse(line.time))) - stalledAt;

    // The web's own checks run into the same timeouts: counted, and shown in health.
    const down = await waitFor(
      "health to report the stalled store",
      async () => {
        const body = await health();
        return body.store.storeReachable ? undefined : body;
      },
      15_000,
    ).catch(fail);
    const reportedAfterMs = Date.now() - stalledAt;
    expect(down.status).toBe("degraded");
    expect(down.store.storeError).toMatch(/did not answer within|no connection within/);
    const counted = await waitFor(
      "the web's count of the timeouts",
      async () => {
        const now = { query: await storeErrors("query_timeout"), connect: await storeErrors("connect_timeout") };
        return now.query + now.connect > before.query + before.connect ? now : undefined;
      },
      15_000,
    ).catch(fail);
    const { held, answers } = await servesFromMemory(stalledAt);
    expect(answers).toBeGreaterThan(0);

    await proxy.restore();
    const freshAfterMs = await recovers(held, Date.now());
    const waits = lines.map((line) => `${line.err.kind} ${line.err.elapsedMs} ms`).join(", ");
    console.info(
      `store-partition: stall: first service line after ${firstLineAfterMs} ms (${waits}); health said so after ${reportedAfterMs} ms; web counted ${counted.query - before.query} query and ${counted.connect - before.connect} connect timeouts; ${answers} identical answers; fresh snapshots ${freshAfterMs} ms after the restore\n  ${lines[0]?.msg}`,
    );
  });
});
