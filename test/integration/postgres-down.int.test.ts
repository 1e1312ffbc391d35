// PostgreSQL goes away and comes back. The stack reaches its database through a TCP proxy, so the
// test can cut every connection (and refuse new ones), or stall them (a partition), without
// stopping the shared server. While the database is gone the web keeps serving the view it holds
// in memory, byte for byte, and says in /api/health that the store is unreachable; once it is
// back, every process recovers by itself (no restart) and fresh snapshots flow again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../harness/stack";
import { proxiedUrl, startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) console.info("postgres-down: skipped, TEST_DATABASE_URL is not set (CI sets it)");

// Shorter than the outage, so the services' leases lapse while the database is gone.
const LEASE_TTL_SECONDS = 4;
const OUTAGE_MS = 12_000;

interface Health {
  status: string;
  problems: string[];
  store: { dialect: string; storeReachable: boolean; storeError: string | null };
  sources: Record<"ranking" | "pricing", { checkedAt: string }>;
}
interface Top {
  data: { symbol: string; priceUsd: number | null }[];
  meta: Record<"ranking" | "pricing", { snapshotId: number; checkedAt: string }>;
}

describe.skipIf(!postgresUrl)("PostgreSQL down and back", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let stack: RunningStack;
  const fail = (error: unknown): never => {
    throw new Error(`${String(error)}\n${stack?.logs()}`);
  };
  const health = async () => {
    const response = await fetch(`${stack.webUrl}/api/health`);
    return { status: response.status, body: (await response.json()) as Health };
  };
  const top = async () => {
    const response = await fetch(`${stack.webUrl}/api/top?limit=20`);
    return { status: response.status, etag: response.headers.get("etag"), text: await response.text() };
  };

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresUrl ?? "");
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    stack = await startStack({
      databaseUrl: proxiedUrl(database.url, proxy.port),
      refreshSeconds: 1,
      extraEnv: { LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS), HISTORY_BACKFILL_PER_CYCLE: "0" },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it("serves the in-memory view while the database is gone, reports it, and recovers on its own", async () => {
    const before = await health();
    expect(before.status).toBe(200);
    expect(before.body.store).toMatchObject({ dialect: "postgres", storeReachable: true });

    await proxy.cut();
    const cutAt = Date.now();
    // The web notices at its next check (the LISTEN connection drops at once; the version check
    // runs every 5 s): degraded, still 200, because it still serves.
    const down = await waitFor(
      "health to report the store unreachable",
      async () => {
        const { status, body } = await health();
        return body.store.storeReachable === false ? { status, body } : undefined;
      },
      10_000,
    ).catch(fail);
    expect(down.status).toBe(200);
    expect(down.body.status).toBe("degraded");
    expect(down.body.store.storeError).toMatch(/\w/);
    expect(down.body.problems).toContain("store unreachable; serving the last view held in memory");

    // From now until the database is back, every answer is the same body with the same ETag.
    const held = await top();
    expect(held.status).toBe(200);
    let answers = 0;
    while (Date.now() - cutAt < OUTAGE_MS) {
      const now = await top();
      expect(now.status).toBe(200);
      expect(now.etag).toBe(held.etag);
      expect(now.text).toBe(held.text);
      const conditional = await fetch(`${stack.webUrl}/api/top?limit=20`, {
        headers: { "if-none-match": held.etag ?? "" },
      });
      expect(conditional.status).toBe(304);
      answers++;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answers).toBeGreaterThan(10);
    expect((await health()).body.store.storeReachable).toBe(false);

    const acceptedBefore = proxy.accepted;
    await proxy.restore();
    const restoredAt = Date.now();
    // A new market tick: new prices and volumes, so both services must write new snapshots.
    const tick = await fetch(`${stack.simUrl}/_sim/tick`, { method: "POST" });
    expect(tick.ok).toBe(true);
    const truth = (await (await fetch(`${stack.simUrl}/_sim/truth?limit=20`)).json()) as {
      rows: { symbol: string; priceUsd: number | null }[];
    };
    const expected = JSON.stringify(truth.rows.map(({ symbol, priceUsd }) => ({ symbol, priceUsd })));
    const previous = JSON.parse(held.text) as Top;
    // The rows follow the new prices as soon as the pricing service writes; the ranking service
    // writes its own new snapshot in its own time, so both are waited for.
    const fresh = await waitFor(
      "fresh snapshots after the restore",
      async () => {
        const body = JSON.parse((await top()).text) as Top;
        const rows = JSON.stringify(body.data.map(({ symbol, priceUsd }) => ({ symbol, priceUsd })));
        const bothNew =
          body.meta.pricing.snapshotId > previous.meta.pricing.snapshotId &&
          body.meta.ranking.snapshotId > previous.meta.ranking.snapshotId;
        return rows === expected && bothNew ? body : undefined;
      },
      // The services back off up to 8 intervals (about 10 s with jitter) after a long failure,
      // and a lapsed lease is taken again within a third of its TTL.
      30_000,
    ).catch(fail);
    const freshAfterMs = Date.now() - restoredAt;
    expect(fresh.meta.pricing.snapshotId).toBeGreaterThan(previous.meta.pricing.snapshotId);
    expect(fresh.meta.ranking.snapshotId).toBeGreaterThan(previous.meta.ranking.snapshotId);
    const recovered = await waitFor(
      "health to recover",
      async () => {
        const { status, body } = await health();
        return status === 200 && body.store.storeReachable && body.status === "ok" ? body : undefined;
      },
      15_000,
    ).catch(fail);
    expect(recovered.store.storeError).toBeNull();
    // Both services confirmed their sources after the restore, through new connections.
    for (const role of ["ranking", "pricing"] as const) {
      expect(Date.parse(recovered.sources[role].checkedAt)).toBeGreaterThan(restoredAt);
    }
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    console.info(
      `postgres-down: ${answers} identical answers during a ${OUTAGE_MS / 1000} s outage; fresh data ${freshAfterMs} ms after the restore`,
    );
  });

  it("a stalled database (a partition: connections open, no answer) is reported and survived too", async () => {
    const before = await top();
    expect(before.status).toBe(200);
    proxy.stall();
    const stalledAt = Date.now();
    const down = await waitFor(
      "health to report the stalled store",
      async () => {
        const { status, body } = await health();
        return body.store.storeReachable === false ? { status, body } : undefined;
      },
      20_000,
    ).catch(fail);
    const reportedAfterMs = Date.now() - stalledAt;
    expect(down.status).toBe(200);
    expect(down.body.status).toBe("degraded");
    expect(down.body.store.storeError).toMatch(/did not answer within/);
    const held = await top();
    let answers = 0;
    while (Date.now() - stalledAt < OUTAGE_MS) {
      const now = await top();
      expect(now.status).toBe(200);
      expect(now.etag).toBe(held.etag);
      answers++;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await proxy.restore();
    const restoredAt = Date.now();
    await fetch(`${stack.simUrl}/_sim/tick`, { method: "POST" });
    const truth = (await (await fetch(`${stack.simUrl}/_sim/truth?limit=20`)).json()) as {
      rows: { priceUsd: number | null }[];
    };
    const expected = JSON.stringify(truth.rows.map((row) => row.priceUsd));
    await waitFor(
      "fresh prices after the stall",
      async () => {
        const body = JSON.parse((await top()).text) as Top;
        return JSON.stringify(body.data.map((row) => row.priceUsd)) === expected ? true : undefined;
      },
      45_000,
    ).catch(fail);
    const freshAfterMs = Date.now() - restoredAt;
    await waitFor(
      "health to recover after the stall",
      async () => ((await health()).body.store.storeReachable ? true : undefined),
      15_000,
    ).catch(fail);
    console.info(
      `postgres-down: stalled ${OUTAGE_MS / 1000} s, health said so after ${reportedAfterMs} ms, ${answers} identical answers; fresh data ${freshAfterMs} ms after the restore`,
    );
  });
});
