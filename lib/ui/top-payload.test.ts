import { describe, expect, it } from "vitest";
import type { MergedRow } from "@/lib/domain/merge";
import { ageSeconds, isStaleAt, refreshIntervalMs, type SourceFreshness, toTopRow } from "./top-payload";

function source(overrides: Partial<SourceFreshness>): SourceFreshness {
  return {
    source: "pricing",
    provider: "coinmarketcap",
    snapshotId: 1,
    fetchedAt: "2026-11-28T12:00:00.000Z",
    checkedAt: "2026-11-28T12:00:00.000Z",
    ageSeconds: 0,
    stale: false,
    staleAfterSeconds: 180,
    refreshSeconds: 60,
    lastError: null,
    lastErrorAt: null,
    selection: null,
    creditsToday: 0,
    ...overrides,
  };
}
const at = (iso: string) => Date.parse(iso);

describe("refreshIntervalMs", () => {
  it("polls at the faster source's cadence, never faster than every 2 s", () => {
    expect(
      refreshIntervalMs({ ranking: source({ refreshSeconds: 60 }), pricing: source({ refreshSeconds: 30 }) }),
    ).toBe(30_000);
    expect(refreshIntervalMs({ ranking: source({ refreshSeconds: 1 }), pricing: source({ refreshSeconds: 60 }) })).toBe(
      2000,
    );
  });
});

describe("ageSeconds and isStaleAt", () => {
  it("counts whole seconds since checkedAt, never below zero", () => {
    expect(ageSeconds("2026-11-28T12:00:00.000Z", at("2026-11-28T12:00:12.900Z"))).toBe(12);
    expect(ageSeconds("2026-11-28T12:00:00.000Z", at("2026-11-28T11:59:58.000Z"))).toBe(0);
    expect(ageSeconds(null, 0)).toBeNull();
  });
  it("turns stale once the age passes the limit, even if the server said fresh", () => {
    const fresh = source({});
    expect(isStaleAt(fresh, at("2026-11-28T12:03:00.000Z"))).toBe(false);
    expect(isStaleAt(fresh, at("2026-11-28T12:03:01.000Z"))).toBe(true);
    expect(isStaleAt(source({ stale: true }), at("2026-11-28T12:00:01.000Z"))).toBe(true);
    expect(isStaleAt(source({ checkedAt: null }), 0)).toBe(true);
  });
});

describe("toTopRow", () => {
  it("keeps the fields the dashboard reads, with their values, and drops the rest", () => {
    const row: MergedRow = {
      rank: 2,
      id: "ethereum",
      symbol: "ETH",
      name: "Ethereum",
      rankingId: "1027",
      rankChange: -1,
      pricingProvider: "coinmarketcap",
      pricingId: "1027",
      priceUsd: 3108.29,
      priceStatus: "ok",
      priceReason: null,
      matchedBy: "evidence",
      matchEvidence: "symbol, name and market agree",
      priceSource: "listing",
      marketCapUsd: 375181382143.99,
      volume24hUsd: 26400000000,
      change1hPct: 0.13,
      change24hPct: -0.21,
      change7dPct: -3.44,
      circulatingSupply: 120703338.83,
      lastUpdated: "2026-11-29T07:54:07.000Z",
      priceCheck: { referenceUsd: 3300, divergencePct: 5.81, flagged: true },
      categories: [],
    };
    expect(toTopRow(row)).toEqual({
      rank: 2,
      id: "ethereum",
      symbol: "ETH",
      name: "Ethereum",
      rankingId: "1027",
      rankChange: -1,
      priceUsd: 3108.29,
      priceReason: null,
      priceCheck: { referenceUsd: 3300, divergencePct: 5.81, flagged: true },
      marketCapUsd: 375181382143.99,
      volume24hUsd: 26400000000,
      change1hPct: 0.13,
      change24hPct: -0.21,
      change7dPct: -3.44,
    });
  });
});
