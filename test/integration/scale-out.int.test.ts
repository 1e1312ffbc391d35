// Scale-out on PostgreSQL: 2 web, 2 pricing and 2 ranking processes against the simulator. Leases
// keep upstream calls to one fetch cycle per source per interval; killing the pricing leader with
// SIGKILL hands pricing to its standby within the lease TTL; LISTEN/NOTIFY brings both web
// replicas to the same snapshot (the same ETag) within a second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type TestDatabase } from "../../harness/databases";
import {
  type Child,
  freePort,
  launch,
  launchSimulator,
  launchWeb,
  servicesEnv,
  stopChildren,
  TS,
  waitFor,
} from "../../harness/stack";
import { openStore, readLeases, type Store } from "../../lib/store";

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) console.info("scale-out: skipped, TEST_DATABASE_URL is not set (CI sets it)");

const INTERVAL_SECONDS = 2;
const LEASE_TTL_SECONDS = 4;

interface SimRequests {
  counts: Record<string, number>;
  recent: { at: string; target: string; path: string; status: number }[];
}

describe.skipIf(!postgresUrl)("2 web, 2 pricing and 2 ranking replicas on PostgreSQL", () => {
  let database: TestDatabase;
  let store: Store;
  const children: Child[] = [];
  const webUrls: string[] = [];
  let simUrl = "";
  const logs = () => children.map((child) => `--- ${child.name}\n${child.output.join("").slice(-3000)}`).join("\n");
  const byName = (name: string) => children.find((child) => child.name === name);

  beforeAll(async () => {
    database = await createPostgresDatabase(postgresUrl ?? "");
    store = openStore(database.url);
    const simulator = await launchSimulator({ SEED: "11" });
    children.push(simulator.child);
    simUrl = simulator.url;
    const env = {
      ...servicesEnv(simUrl, database.url, INTERVAL_SECONDS),
      // One upstream request per fetch cycle: one CryptoCompare page, one CoinMarketCap call.
      RANKING_DEPTH: "100",
      PRICING_DEPTH: "500",
      HISTORY_BACKFILL_PER_CYCLE: "0",
      HTTP_RETRIES: "0",
      LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
    };
    for (const role of ["ranking", "pricing"]) {
      for (const n of [1, 2]) {
        children.push(
          launch(`${role}-${n}`, process.execPath, [...TS, `bin/${role}.ts`], {
            ...env,
            INSTANCE_ID: `${role}-${n}`,
          }),
        );
      }
    }
    for (const n of [1, 2]) {
      const port = await freePort();
      webUrls.push(`http://127.0.0.1:${port}`);
      children.push(launchWeb(`web-${n}`, port, { ...env, PORT: String(port) }));
    }
    try {
      for (const url of webUrls) {
        await waitFor(`data at ${url}`, async () => ((await fetch(`${url}/api/top`)).ok ? true : undefined), 90_000);
      }
    } catch (error) {
      throw new Error(`${String(error)}\n${logs()}`);
    }
  }, 150_000);

  afterAll(async () => {
    await stopChildren(children);
    await store?.close();
    await database?.drop();
  });

  it("one replica per role holds the lease, and the upstreams see one fetch cycle per source per interval", async () => {
    const leases = await readLeases(store.db);
    expect(leases.map((lease) => lease.role)).toEqual(["pricing", "ranking"]);
    expect(leases.map((lease) => lease.holder)).toEqual([
      expect.stringMatching(/^pricing-[12]$/),
      expect.stringMatching(/^ranking-[12]$/),
    ]);
    // Health names the holders too.
    const health = (await (await fetch(`${webUrls[0]}/api/health`)).json()) as {
      leases: { role: string; holder: string; live: boolean }[];
    };
    expect(health.leases.map(({ role, holder, live }) => ({ role, holder, live }))).toEqual(
      leases.map(({ role, holder }) => ({ role, holder, live: true })),
    );
    const reset = await fetch(`${simUrl}/_sim/reset`, { method: "POST" });
    expect(reset.ok).toBe(true);
    const windowSeconds = 6 * INTERVAL_SECONDS;
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const requests = (await (await fetch(`${simUrl}/_sim/requests`)).json()) as SimRequests;
    for (const target of ["coinmarketcap.listings", "cryptocompare.toplist"]) {
      const times = requests.recent.filter((r) => r.target === target).map((r) => Date.parse(r.at));
      // Six intervals: six cycles, or five or seven depending on where the window falls.
      expect(
        times.length,
        `${target}: ${times.length} requests in ${windowSeconds} s\n${logs()}`,
      ).toBeGreaterThanOrEqual(5);
      expect(times.length, target).toBeLessThanOrEqual(7);
      // Never two cycles in one interval (two replicas fetching): consecutive calls an interval apart.
      const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
      expect(Math.min(...gaps), `${target} gaps ${gaps.join(", ")} ms`).toBeGreaterThan(INTERVAL_SECONDS * 1000 * 0.75);
    }
  });

  it("after a new snapshot both web replicas serve the same ETag within 1 s", async () => {
    // Both replicas asked at the same moment: their ETag and the price snapshot they serve.
    const both = () =>
      Promise.all(
        webUrls.map(async (url) => {
          const response = await fetch(`${url}/api/top?limit=10`);
          const body = (await response.json()) as { meta: { pricing: { snapshotId: number } } };
          return { etag: response.headers.get("etag"), pricing: body.meta.pricing.snapshotId };
        }),
      );
    const before = Math.max(...(await both()).map((answer) => answer.pricing));
    await fetch(`${simUrl}/_sim/tick`, { method: "POST" });
    // The ETag also moves with every confirmation (checkedAt), so compare the two at one moment,
    // from the first time either replica serves the new snapshot.
    let firstSeen: number | null = null;
    const agreed = await waitFor(
      "both replicas on the new snapshot with one ETag",
      async () => {
        const answers = await both();
        if (firstSeen === null && answers.some((answer) => answer.pricing > before)) firstSeen = Date.now();
        const [one, two] = answers;
        return one && two && one.pricing > before && one.pricing === two.pricing && one.etag === two.etag
          ? answers
          : undefined;
      },
      15_000,
    );
    expect(agreed[0]?.etag).toBe(agreed[1]?.etag);
    expect(Date.now() - (firstSeen ?? 0)).toBeLessThan(1_000);
  });

  it("SIGKILL of the pricing leader: the standby takes over within the TTL and fresh prices resume", async () => {
    const [pricing] = (await readLeases(store.db)).filter((lease) => lease.role === "pricing");
    const leader = byName(pricing?.holder ?? "");
    expect(leader, `no process named ${pricing?.holder}`).toBeDefined();
    leader?.process.kill("SIGKILL");
    const killedAt = Date.now();
    const taken = await waitFor(
      "the standby to take the pricing lease",
      async () => {
        const [lease] = (await readLeases(store.db)).filter((row) => row.role === "pricing");
        return lease && lease.holder !== pricing?.holder ? lease : undefined;
      },
      (LEASE_TTL_SECONDS + 5) * 1000,
    );
    // The lease lapses at most one TTL after the kill; the standby checks every tenth of it.
    expect(Date.now() - killedAt).toBeLessThan((LEASE_TTL_SECONDS * 1.1 + 1) * 1000);
    expect(taken.token).toBe((pricing?.token ?? 0) + 1);

    // Fresh prices: after a market tick, both replicas serve the simulator's new price.
    await fetch(`${simUrl}/_sim/tick`, { method: "POST" });
    const truth = (await (await fetch(`${simUrl}/_sim/truth?limit=5`)).json()) as {
      rows: { symbol: string; priceUsd: number | null }[];
    };
    const expected = truth.rows.map((row) => row.priceUsd);
    for (const url of webUrls) {
      await waitFor(
        `fresh prices at ${url}`,
        async () => {
          const body = (await (await fetch(`${url}/api/top?limit=5`)).json()) as {
            data: { priceUsd: number | null }[];
          };
          const prices = body.data.map((row) => row.priceUsd);
          return JSON.stringify(prices) === JSON.stringify(expected) ? true : undefined;
        },
        (INTERVAL_SECONDS + 4) * 1000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${logs()}`);
      });
    }
  });
});
