import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RankingEntry } from "@/lib/domain/types";
import { UpstreamError } from "@/lib/http/errors";
import {
  migrateToLatest,
  openStore,
  readLatestRankingSnapshot,
  readSourceStates,
  type Store,
  writeRankingSnapshot,
} from "@/lib/store";
import { backoffMs, describeError, type FetchOutcome, runCycle, runServiceLoop, type ServiceJob } from "./service-loop";

const silent = pino({ level: "silent" });
const entry = (rank: number, symbol: string): RankingEntry => ({
  rank,
  providerId: `id-${symbol}`,
  symbol,
  name: symbol,
  marketCapUsd: 1e9 / rank,
  volume24hUsd: 1e6,
  priceUsd: 10 / rank,
});

type RankingOutcome = FetchOutcome & { entries: RankingEntry[] };

function job(fetches: Array<RankingEntry[] | Error>): ServiceJob<RankingOutcome> & { calls: number } {
  const state = {
    role: "ranking" as const,
    provider: "cryptocompare",
    intervalSeconds: 60,
    calls: 0,
    async fetch() {
      const next = fetches[Math.min(state.calls, fetches.length - 1)];
      state.calls++;
      if (next instanceof Error) throw next;
      return { provider: "cryptocompare", records: next ?? [], entries: next ?? [], simulated: true };
    },
    write: (store: Store, outcome: RankingOutcome, hash: string, fetchedAt: Date) =>
      writeRankingSnapshot(store.db, {
        provider: outcome.provider,
        fetchedAt,
        contentHash: hash,
        entries: outcome.entries,
        intervalSeconds: 60,
        simulated: outcome.simulated,
      }),
  };
  return state;
}

describe("backoffMs", () => {
  const half = () => 0.5;
  it("doubles from the interval and caps at 8 intervals", () => {
    expect([1, 2, 3, 4, 5, 9].map((failures) => backoffMs(new Error("x"), failures, 1000, half))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
  it("caps at 15 minutes for long intervals, never below one interval", () => {
    expect(backoffMs(new Error("x"), 10, 300_000, half)).toBe(900_000);
    expect(backoffMs(new Error("x"), 10, 3_600_000, half)).toBe(3_600_000);
  });
  it("adds ±20% jitter", () => {
    expect(backoffMs(new Error("x"), 1, 1000, () => 0)).toBe(800);
    expect(backoffMs(new Error("x"), 1, 1000, () => 0.999999)).toBe(1200);
  });
  it("waits for the provider's Retry-After or quota reset, at least one interval", () => {
    const quota = new UpstreamError({
      kind: "quota",
      provider: "coinmarketcap",
      endpoint: "listings",
      message: "1009",
    });
    quota.retryAfterMs = 3_600_000;
    expect(backoffMs(quota, 1, 60_000, half)).toBe(3_600_000);
    quota.retryAfterMs = 10;
    expect(backoffMs(quota, 1, 60_000, half)).toBe(60_000);
  });
  it("describes upstream errors with their kind", () => {
    const error = new UpstreamError({
      kind: "auth",
      provider: "cryptocompare",
      endpoint: "toplist",
      message: "bad key",
    });
    expect(describeError(error)).toBe("auth: cryptocompare toplist: bad key");
  });
});

describe("the service loop on a real SQLite store", () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "topcoins-loop-"));
    store = openStore(`file:${path.join(dir, "loop.db")}`);
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = () => ({ store, logger: silent, signal: new AbortController().signal });

  it("stores a snapshot, then only marks the source checked while the content is unchanged", async () => {
    const fetched = [entry(1, "BTC"), entry(2, "ETH")];
    const times = [new Date("2026-11-28T10:00:00Z"), new Date("2026-11-28T10:01:00Z")];
    const first = await runCycle(job([fetched]), { ...options(), now: () => times[0] as Date });
    expect(first).toMatchObject({ result: "stored" });
    const second = await runCycle(job([fetched]), { ...options(), now: () => times[1] as Date });
    expect(second).toMatchObject({ result: "unchanged", snapshotId: null });
    const states = await readSourceStates(store.db);
    expect(states.ranking).toMatchObject({ snapshotId: first.snapshotId, fetchedAt: times[0], checkedAt: times[1] });
    const latest = await readLatestRankingSnapshot(store.db);
    expect(latest?.entries.map((row) => row.symbol)).toEqual(["BTC", "ETH"]);
  });

  it("stores a new snapshot when the content changes", async () => {
    const first = await runCycle(job([[entry(1, "BTC"), entry(2, "ETH")]]), options());
    const second = await runCycle(job([[entry(1, "ETH"), entry(2, "BTC")]]), options());
    expect(second.result).toBe("stored");
    expect(second.snapshotId).not.toBe(first.snapshotId);
    expect((await readLatestRankingSnapshot(store.db))?.entries.map((row) => row.symbol)).toEqual(["ETH", "BTC"]);
  });

  it("records a failure on the source, keeps the last snapshot, backs off, and recovers", async () => {
    const failure = new UpstreamError({
      kind: "unavailable",
      provider: "cryptocompare",
      endpoint: "toplist",
      message: "HTTP 500",
    });
    const service = job([[entry(1, "BTC")], failure, failure, [entry(1, "BTC"), entry(2, "ETH")]]);
    const controller = new AbortController();
    const waits: number[] = [];
    await runServiceLoop(service, {
      store,
      logger: silent,
      signal: controller.signal,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) {
          const states = await readSourceStates(store.db);
          expect(states.ranking?.lastError).toBe("unavailable: cryptocompare toplist: HTTP 500");
          expect((await readLatestRankingSnapshot(store.db))?.entries).toHaveLength(1);
        }
        if (waits.length === 4) controller.abort();
      },
    });
    expect(service.calls).toBe(4);
    // Interval after success, then 1×, 2× the interval after the failures (minus the cycle's own time).
    expect(waits[1]).toBeGreaterThan(59_000);
    expect(waits[2]).toBeGreaterThan(119_000);
    const states = await readSourceStates(store.db);
    expect(states.ranking?.lastError).toBeNull();
    expect((await readLatestRankingSnapshot(store.db))?.entries.map((row) => row.symbol)).toEqual(["BTC", "ETH"]);
  });

  it("runs afterCycle after every successful cycle; its failure is logged, not counted as a fetch failure", async () => {
    const btc = [entry(1, "BTC")];
    const service = job([btc, btc, new Error("upstream down"), btc]);
    const seen: Array<[string, number | null, string]> = [];
    const times = ["2026-11-28T10:00:00Z", "2026-11-28T10:01:00Z", "2026-11-28T10:02:00Z", "2026-11-28T10:03:00Z"];
    let tick = 0;
    const controller = new AbortController();
    const waits: number[] = [];
    await runServiceLoop(
      {
        ...service,
        afterCycle(cycle) {
          seen.push([cycle.result, cycle.snapshotId === null ? null : 1, cycle.fetchedAt.toISOString()]);
          if (seen.length === 2) throw new Error("history write failed");
        },
      },
      {
        store,
        logger: silent,
        signal: controller.signal,
        random: () => 0.5,
        now: () => new Date(times[Math.min(tick, times.length - 1)] as string),
        sleep: async (ms) => {
          waits.push(ms);
          tick++;
          if (waits.length === 4) controller.abort();
        },
      },
    );
    // The failed fetch (third cycle) has no afterCycle; the hook's own failure did not back off.
    expect(seen).toEqual([
      ["stored", 1, "2026-11-28T10:00:00.000Z"],
      ["unchanged", null, "2026-11-28T10:01:00.000Z"],
      ["unchanged", null, "2026-11-28T10:03:00.000Z"],
    ]);
    expect(waits[1]).toBeGreaterThan(59_000);
    expect(waits[1]).toBeLessThanOrEqual(60_000);
    expect((await readSourceStates(store.db)).ranking?.lastError).toBeNull();
  });
});
