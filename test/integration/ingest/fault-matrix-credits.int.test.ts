// CoinMarketCap's credit budget under quota errors: credits are counted per UTC day, and a spent
// daily (1009) or monthly (1010) quota stops the calls until the provider's reset instead of
// spending one every backoff; with a fallback the role moves and the primary waits for its reset.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { utcDay } from "@/lib/domain/credits";
import { budgetIntervalSeconds } from "@/lib/providers/allowances";
import { msUntilNextUtcMidnight, msUntilNextUtcMonth } from "@/lib/providers/shared/reset-times";
import { runServiceLoop } from "../../../lib/ingest/service-loop";
import {
  INTERVAL_MS,
  type MatrixHarness,
  METRIC_ENDPOINT,
  metricValue,
  SIM_ENDPOINT,
  startHarness,
} from "../../support/fault-matrix";

const CMC = SIM_ENDPOINT.coinmarketcap;
const GECKO = SIM_ENDPOINT.coingecko;
// PRICING_DEPTH=50 costs 1 credit a call; 333 a day paces the calls 260 s apart.
const BUDGET = { CMC_DAILY_CREDITS: "333" };
const BUDGET_INTERVAL_S = budgetIntervalSeconds(333, 1);
const DAY_MS = 86_400_000;

const QUOTAS = [
  { code: 1009, reset: "the UTC-midnight reset", msUntilReset: msUntilNextUtcMidnight },
  { code: 1010, reset: "00:00 UTC on the 1st of next month", msUntilReset: msUntilNextUtcMonth },
] as const;

let h: MatrixHarness;
beforeAll(async () => {
  h = await startHarness({ ranking: "cryptocompare", pricing: "coinmarketcap" });
});
afterAll(async () => {
  await h?.close();
});
// Each test starts from CoinMarketCap prices a clean cycle has just confirmed.
beforeEach(async () => {
  await h.reset();
  h.clock += DAY_MS;
  await h.cycle(h.job("pricing"));
  await h.reset();
});

const quotaErrors = () =>
  metricValue("topcoins_upstream_requests_total", {
    provider: "coinmarketcap",
    endpoint: METRIC_ENDPOINT.coinmarketcap,
    outcome: "quota",
  });

describe("CoinMarketCap credits", () => {
  it("paces calls by the daily budget and counts each call's credits toward its UTC day; a quota error spends none", async () => {
    const job = h.job("pricing", BUDGET);
    expect(job.intervalSeconds).toBe(BUDGET_INTERVAL_S);
    expect(BUDGET_INTERVAL_S).toBe(260);
    const day = utcDay(new Date(h.clock));
    const spent = (await h.state("pricing")).creditsToday;
    expect((await h.state("pricing")).creditsDay).toBe(day);

    for (let call = 1; call <= 2; call++) {
      h.clock += BUDGET_INTERVAL_S * 1000;
      const run = await h.cycle(job);
      // The next call waits the budget's interval (less the cycle's own time).
      expect(run.sleptMs).toBeGreaterThan(BUDGET_INTERVAL_S * 1000 - 1000);
      expect(run.sleptMs).toBeLessThanOrEqual(BUDGET_INTERVAL_S * 1000);
    }
    expect(await h.state("pricing")).toMatchObject({ creditsToday: spent + 2, creditsDay: day });
    expect((await h.requests())[CMC]).toBe(2);

    await h.fault({ target: "coinmarketcap", mode: "error_code", errorCode: 1009 });
    h.clock += BUDGET_INTERVAL_S * 1000;
    await h.cycle(job);
    expect(await h.state("pricing")).toMatchObject({ creditsToday: spent + 2, creditsDay: day });
    expect((await h.viewAt(h.clock)).meta.pricing.creditsToday).toBe(spent + 2);

    // A new UTC day starts the count again; the view says 0 until the first call of the day.
    await h.clearFaults();
    const nextDay = Date.parse(`${day}T00:00:00.000Z`) + DAY_MS;
    expect((await h.viewAt(nextDay + 5_000)).meta.pricing.creditsToday).toBe(0);
    h.clock = nextDay + 10_000;
    await h.cycle(job);
    expect(await h.state("pricing")).toMatchObject({ creditsToday: 1, creditsDay: utcDay(new Date(nextDay)) });
  });
});

describe.each(QUOTAS)("CoinMarketCap error $code", ({ code, reset, msUntilReset }) => {
  it(`without a fallback: one call, no retry, and no other call before ${reset}`, async () => {
    const job = h.job("pricing", BUDGET);
    const before = await h.state("pricing");
    const counted = await quotaErrors();
    await h.fault({ target: "coinmarketcap", mode: "error_code", errorCode: code });

    // The real loop, sleeping on a virtual clock: it stops once the virtual time reaches the reset
    // (or after 20 cycles, which a loop that burns calls reaches long before).
    const realStart = Date.now();
    const resetAt = realStart + msUntilReset(new Date(realStart));
    let virtual = realStart;
    let cycles = 0;
    const waits: number[] = [];
    const controller = new AbortController();
    await runServiceLoop(job, {
      store: h.store,
      logger: h.logger,
      signal: controller.signal,
      now: () => new Date(h.clock),
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        virtual += ms;
        cycles++;
        if (virtual >= resetAt - 1000 || cycles >= 20) controller.abort();
      },
    });
    const realEnd = Date.now();

    expect((await h.requests())[CMC]).toBe(1);
    expect(waits).toHaveLength(1);
    const [wait] = waits;
    expect(wait).toBeGreaterThanOrEqual(msUntilReset(new Date(realEnd)) - (realEnd - realStart));
    expect(wait).toBeLessThanOrEqual(msUntilReset(new Date(realStart)));
    expect((await quotaErrors()) - counted).toBe(1);
    const state = await h.state("pricing");
    expect(state.lastError).toMatch(new RegExp(`^quota: coinmarketcap listings/latest: error ${code}: `));
    expect(state).toMatchObject({ snapshotId: before.snapshotId, creditsToday: before.creditsToday });
  });

  it(`with PRICING_FALLBACK=coingecko: CoinGecko prices in the same cycle, CoinMarketCap waits for ${reset}`, async () => {
    // A 1 s probe period: only the provider's own reset keeps CoinMarketCap from being probed again.
    const job = h.job("pricing", { PRICING_FALLBACK: "coingecko", FAILOVER_PROBE_SECONDS: "1" });
    const before = await h.state("pricing");
    await h.fault({ target: "coinmarketcap", mode: "error_code", errorCode: code });
    const counted = await quotaErrors();

    h.clock += INTERVAL_MS;
    const moved = await h.cycle(job);
    expect(moved.lines).toContainEqual(
      expect.objectContaining({ event: "fetch", outcome: "stored", provider: "coingecko" }),
    );
    // The quota is logged once, where the role moves; the cycle itself succeeded.
    const problems = moved.lines.filter((line) => line.level >= 40);
    expect(problems).toEqual([
      expect.objectContaining({
        level: 40,
        event: "failover",
        from: "coinmarketcap",
        to: "coingecko",
        err: expect.objectContaining({ kind: "quota", providerCode: code }),
      }),
    ]);
    const state = await h.state("pricing");
    expect(state).toMatchObject({ provider: "coingecko", lastError: null, creditsToday: before.creditsToday });
    expect(state.selection).toMatchObject({ primary: "coinmarketcap", mode: "failover" });
    expect(state.selection?.reason).toContain(
      `coinmarketcap failed (quota: coinmarketcap listings/latest: error ${code}`,
    );
    expect(state.selection?.reason).toContain("next try 00:00 UTC");
    expect((await h.viewAt(h.clock)).meta.pricing).toMatchObject({ provider: "coingecko", stale: false });

    // Past the probe period, two more cycles: CoinGecko serves, CoinMarketCap is left alone.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (let cycle = 0; cycle < 2; cycle++) {
      h.clock += INTERVAL_MS;
      await h.cycle(job);
    }
    // Three price lists, and once a day the two category lists (stablecoins, wrapped tokens).
    expect(await h.requests()).toMatchObject({ [CMC]: 1, [GECKO]: 5 });
    expect((await quotaErrors()) - counted).toBe(1);
  });
});
