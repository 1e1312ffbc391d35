// Two replicas of one role on a real SQLite file: only the lease holder fetches; when the holder
// stops renewing (as a killed process does), the standby takes over within the TTL and fetches.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RankingEntry } from "@/lib/domain/types";
import {
  migrateToLatest,
  openStore,
  readLatestRankingSnapshot,
  readLeases,
  type Store,
  writeRankingSnapshot,
} from "@/lib/store";
import { LeaseKeeper } from "./lease";
import { type FetchOutcome, runServiceLoop, type ServiceJob } from "./service-loop";

const silent = pino({ level: "silent" });
type Outcome = FetchOutcome & { entries: RankingEntry[] };

function replicaJob(name: string): ServiceJob<Outcome> & { calls: number } {
  const state = {
    role: "ranking" as const,
    provider: "cryptocompare",
    intervalSeconds: 0.05,
    calls: 0,
    async fetch() {
      state.calls++;
      const entries = [
        {
          rank: 1,
          providerId: `${name}-${state.calls}`,
          symbol: "BTC",
          name,
          marketCapUsd: 1,
          volume24hUsd: 1,
          priceUsd: 1,
        },
      ];
      return { provider: "cryptocompare", records: entries, entries, simulated: true };
    },
    write: (
      store: Store,
      outcome: Outcome,
      hash: string,
      fetchedAt: Date,
      fence?: Parameters<ServiceJob<Outcome>["write"]>[4],
    ) =>
      writeRankingSnapshot(store.db, {
        provider: outcome.provider,
        fetchedAt,
        contentHash: hash,
        entries: outcome.entries,
        intervalSeconds: 1,
        simulated: true,
        fence,
      }),
  };
  return state;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("LeaseKeeper with the service loop", () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "topcoins-lease-"));
    store = openStore(`file:${path.join(dir, "lease.db")}`);
    await migrateToLatest(store.db);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets only the holder fetch, and hands over to the standby when the holder stops renewing", async () => {
    const options = { store, role: "ranking" as const, ttlSeconds: 1, logger: silent };
    const a = new LeaseKeeper({ ...options, holder: "a" });
    const b = new LeaseKeeper({ ...options, holder: "b" });
    // a takes the lease once and then never renews: a process killed right after its last renewal.
    expect((await a.tick())?.held).toBe(true);
    const stopA = new AbortController();
    const stopB = new AbortController();
    b.start(stopB.signal);
    const jobA = replicaJob("a");
    const jobB = replicaJob("b");
    const loops = [
      runServiceLoop(jobA, { store, logger: silent, signal: stopA.signal, lease: a }),
      runServiceLoop(jobB, { store, logger: silent, signal: stopB.signal, lease: b }),
    ];
    await wait(600);
    expect(jobA.calls).toBeGreaterThan(3);
    expect(jobB.calls).toBe(0);
    // a's lease lapses at 1 s; b polls every 100 ms and takes over with the next token.
    await wait(900);
    const callsOfA = jobA.calls;
    expect(jobB.calls).toBeGreaterThan(0);
    await wait(300);
    expect(jobA.calls).toBe(callsOfA);
    const [lease] = await readLeases(store.db);
    expect(lease).toMatchObject({ role: "ranking", holder: "b", token: 2 });
    expect((await readLatestRankingSnapshot(store.db))?.entries[0]?.name).toBe("b");
    stopA.abort();
    stopB.abort();
    await Promise.all([...loops, b.stopped()]);
    // On shutdown b released the lease: it has already lapsed.
    const [released] = await readLeases(store.db);
    expect(released?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("a waiting standby starts at once when the holder releases on shutdown", async () => {
    const options = { store, role: "pricing" as const, ttlSeconds: 30, logger: silent };
    const a = new LeaseKeeper({ ...options, holder: "a" });
    const b = new LeaseKeeper({ ...options, holder: "b" });
    const stopA = new AbortController();
    const stopB = new AbortController();
    a.start(stopA.signal);
    await wait(100);
    b.start(stopB.signal);
    await wait(100);
    expect(a.fence).toMatchObject({ holder: "a", token: 1 });
    expect(b.fence).toBeNull();
    const took = b.waitUntilHeld(stopB.signal).then(() => Date.now());
    const stoppedAt = Date.now();
    stopA.abort();
    await a.stopped();
    // b polls every tenth of the TTL (3 s): it holds the lease within that, not after 30 s.
    expect((await took) - stoppedAt).toBeLessThan(3_500);
    expect(b.fence).toMatchObject({ holder: "b", token: 2 });
    stopB.abort();
    await b.stopped();
  }, 10_000);
});
