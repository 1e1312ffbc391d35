/**
 * Checks /_sim/truth against the merge policy of DESIGN.md ("Identity and the merge policy"),
 * re-implemented here from the served bodies only. If an accidental symbol or name collision
 * crept into the universe, the policy and the truth would disagree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "./server";
import {
  allRanked,
  type CcItem,
  type CmcBody,
  type CmcItem,
  cmcGet,
  control,
  startTestSimulator,
  type TruthRow,
} from "./test-helpers";

const norm = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
const capsAgree = (a: number | null, b: number) => a !== null && a > 0 && Math.max(a, b) / Math.min(a, b) <= 2;

function policy(item: CcItem, cmc: CmcItem[]): { expected: string; cmcId: number | null } {
  const { Name, FullName } = item.CoinInfo;
  const ccCap = item.RAW ? Number(item.RAW.USD.MKTCAP) : null;
  const priced = (quote: CmcItem) => ({ expected: "priced", cmcId: quote.id });
  const bySymbol = cmc.filter((quote) => quote.symbol === Name);
  if (bySymbol.length === 1 && bySymbol[0]) return priced(bySymbol[0]);
  if (bySymbol.length > 1) {
    const sameName = bySymbol.filter((quote) => norm(quote.name) === norm(FullName));
    if (sameName.length === 1 && sameName[0]) return priced(sameName[0]);
    const capMatch = bySymbol.filter((quote) => capsAgree(ccCap, quote.quote.USD.market_cap));
    if (capMatch.length === 1 && capMatch[0]) return priced(capMatch[0]);
    return { expected: "ambiguous", cmcId: null };
  }
  const byName = cmc.filter((quote) => norm(quote.name) === norm(FullName));
  if (byName.length === 1 && byName[0] && capsAgree(ccCap, byName[0].quote.USD.market_cap)) return priced(byName[0]);
  return { expected: "not_listed", cmcId: null };
}

describe.each([42, 7, 2024])("truth for seed %i", (seed) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ seed });
    await control(sim, "POST", "/_sim/tick?n=25");
  });
  afterAll(() => sim.close());

  it("agrees with the DESIGN merge policy applied to the served bodies, for every ranked coin", async () => {
    const ranked = await allRanked(sim);
    const { body: cmc } = await cmcGet<CmcBody>(sim, "limit=5000");
    const { body: truth } = await control<{ rows: TruthRow[] }>(sim, "GET", `/_sim/truth?limit=${ranked.length}`);
    expect(truth.rows).toHaveLength(ranked.length);
    ranked.forEach((item, i) => {
      const row = truth.rows[i];
      expect(row?.ccId).toBe(item.CoinInfo.Id);
      expect({ symbol: row?.symbol, ...policy(item, cmc.data) }).toEqual({
        symbol: row?.symbol,
        expected: row?.expected,
        cmcId: row?.cmcId,
      });
    });
  });

  it("carries the hard cases in the top 200 with the right answers", async () => {
    const { body } = await control<{ rows: TruthRow[] }>(sim, "GET", "/_sim/truth?limit=200");
    const bySymbol = new Map(body.rows.map((row) => [row.symbol, row]));
    expect(bySymbol.get("BTC")).toMatchObject({ ccId: "1182", cmcId: 1, expected: "priced" });
    expect(bySymbol.get("ETH")).toMatchObject({ ccId: "7605", cmcId: 1027, expected: "priced" });
    expect(bySymbol.get("HOT")).toMatchObject({ name: "Holo", cmcId: 2682, expected: "priced" });
    expect(bySymbol.get("IOT")).toMatchObject({ name: "IOTA", cmcId: 1720, expected: "priced" });
    expect(bySymbol.get("WINGS")).toMatchObject({ name: "Wings", cmcId: null, priceUsd: null, expected: "not_listed" });
    expect(bySymbol.get("ABC")).toMatchObject({ cmcId: null, priceUsd: null, expected: "ambiguous" });
    expect(body.rows.some((row) => row.priceUsd !== null && row.priceUsd < 1.5e-7)).toBe(true);
    expect(body.rows.map((row) => row.rank)).toEqual(body.rows.map((_, i) => i + 1));
  });
});
