// The asset registry in the store, on SQLite and (when configured) PostgreSQL: reconciled inside
// the snapshots' transactions as the services do, read back as the web reads it.

import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import { priceQuote, rankingEntry } from "../../test/support/records";
import { describeEachStore } from "../../test/support/store-suite";
import type { PriceQuote, RankingEntry } from "../domain/types";
import { reconcileLatest } from "./reconcile";
import {
  readAsset,
  readIdentityFetch,
  readIdentityIndex,
  readLinks,
  readRegistryFor,
  readRegistryVersion,
  recordIdentityFetchFailure,
  replaceIdentityList,
} from "./registry";
import type { Database } from "./schema";
import { writePriceSnapshot, writeRankingSnapshot } from "./snapshots";
import { readSourceStates } from "./sources";

const T0 = new Date("2026-12-07T12:00:00.000Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const entry = (rank: number, providerId: string, symbol: string, name: string, priceUsd: number): RankingEntry =>
  rankingEntry({ rank, providerId, symbol, name, priceUsd, marketCapUsd: priceUsd * 1e6 });
const quote = (
  providerId: string,
  symbol: string,
  name: string,
  priceUsd: number,
  slug: string | null = null,
): PriceQuote => priceQuote({ providerId, symbol, name, priceUsd, marketCapUsd: priceUsd * 1e6, slug });

const BTC = entry(1, "1182", "BTC", "Bitcoin", 97_000);
const HOLO = entry(2, "5001", "HOT", "Holo", 0.002);
const TRAP = entry(3, "800", "LMD", "Lumen Drift", 0.82);

interface Step {
  at: Date;
  rankingProvider?: string;
  entries?: RankingEntry[];
  pricingProvider?: string;
  quotes?: PriceQuote[];
  unlinkAfter?: number;
}

let hash = 0;
/** Writes a ranking or a price snapshot, reconciling the registry in its transaction as the services do. */
async function write(db: Kysely<Database>, step: Step): Promise<void> {
  const afterWrite = async (trx: Kysely<Database>) => {
    await reconcileLatest(trx, { overrides: [], divergencePct: 5, unlinkAfter: step.unlinkAfter ?? 3, now: step.at });
  };
  const common = { fetchedAt: step.at, intervalSeconds: 60, simulated: false, contentHash: `h${++hash}`, afterWrite };
  if (step.entries) {
    await writeRankingSnapshot(db, {
      ...common,
      provider: step.rankingProvider ?? "cryptocompare",
      entries: step.entries,
    });
  }
  if (step.quotes) {
    await writePriceSnapshot(db, {
      ...common,
      provider: step.pricingProvider ?? "coinmarketcap",
      quotes: step.quotes,
      creditCount: 1,
    });
  }
}

const linksOf = async (db: Kysely<Database>) =>
  (await readLinks(db, ["cryptocompare", "coinmarketcap", "coingecko"])).map((link) => [
    link.assetId,
    link.provider,
    link.providerId,
    link.rule,
    link.contradictions,
  ]);

describeEachStore("asset registry", (suite) => {
  it("gives every ranked coin an asset with a stable id, and links the listings evidence ties to them", async () => {
    const db = suite.db();
    await write(db, {
      at: T0,
      entries: [BTC, HOLO, TRAP],
      quotes: [
        quote("1", "BTC", "Bitcoin", 97_100, "bitcoin"),
        quote("2682", "HOT", "Holo", 0.00201, "holo"),
        quote("30001", "LMD", "Quarry Stone", 0.02),
      ],
    });
    expect(await linksOf(db)).toEqual([
      ["bitcoin", "coinmarketcap", "1", "evidence", 0],
      ["bitcoin", "cryptocompare", "1182", "origin", 0],
      ["holo", "coinmarketcap", "2682", "evidence", 0],
      ["holo", "cryptocompare", "5001", "origin", 0],
      // The trap: its own asset, and no link to the other asset's listing.
      ["lumen-drift", "cryptocompare", "800", "origin", 0],
    ]);
    const asset = await readAsset(db, "bitcoin");
    expect(asset).toMatchObject({ id: "bitcoin", name: "Bitcoin", symbol: "BTC" });
    expect(asset?.links.map((link) => [link.provider, link.evidence, link.firstConfirmedAt.toISOString()])).toEqual([
      ["coinmarketcap", "symbol, name and market agree", T0.toISOString()],
      ["cryptocompare", "the coin this asset was created for", T0.toISOString()],
    ]);
    expect(await readRegistryVersion(db)).toBeGreaterThan(0);
  });

  it("keeps a link through a one-snapshot glitch, counting it, and drops it after K contradicting snapshots", async () => {
    const db = suite.db();
    await write(db, { at: T0, entries: [BTC], quotes: [quote("1", "BTC", "Bitcoin", 97_100)] });
    // A glitch: the listing's price 100× off for one snapshot, then right again.
    await write(db, { at: later(1), quotes: [quote("1", "BTC", "Bitcoin", 970)] });
    expect(await linksOf(db)).toContainEqual(["bitcoin", "coinmarketcap", "1", "evidence", 1]);
    await write(db, { at: later(2), quotes: [quote("1", "BTC", "Bitcoin", 97_050)] });
    expect(await linksOf(db)).toContainEqual(["bitcoin", "coinmarketcap", "1", "evidence", 0]);
    // Three contradicting snapshots in a row drop it.
    for (const minute of [3, 4, 5]) await write(db, { at: later(minute), quotes: [quote("1", "BTC", "Bitcoin", 9.7)] });
    expect((await linksOf(db)).filter(([, provider]) => provider === "coinmarketcap")).toEqual([]);
    expect(await linksOf(db)).toEqual([["bitcoin", "cryptocompare", "1182", "origin", 0]]);
  });

  it("counts a contradiction once per price list, however many rankings come meanwhile", async () => {
    const db = suite.db();
    await write(db, { at: T0, entries: [BTC], quotes: [quote("1", "BTC", "Bitcoin", 97_100)] });
    await write(db, { at: later(1), quotes: [quote("1", "BTC", "Bitcoin", 970)] });
    // Three rankings against the one glitched price list: still one contradiction, the link stays.
    for (const minute of [2, 3, 4]) {
      const afterWrite = async (trx: Kysely<Database>) => {
        await reconcileLatest(trx, {
          overrides: [],
          divergencePct: 5,
          unlinkAfter: 3,
          countContradictions: false,
          now: later(minute),
        });
      };
      await writeRankingSnapshot(db, {
        provider: "cryptocompare",
        fetchedAt: later(minute),
        contentHash: `r-${minute}`,
        intervalSeconds: 60,
        simulated: false,
        entries: [{ ...BTC, volume24hUsd: minute }],
        afterWrite,
      });
    }
    expect(await linksOf(db)).toContainEqual(["bitcoin", "coinmarketcap", "1", "evidence", 1]);
  });

  it("keeps the asset and its id when another provider takes over the ranking (a failover)", async () => {
    const db = suite.db();
    await write(db, { at: T0, entries: [BTC], quotes: [quote("1", "BTC", "Bitcoin", 97_100, "bitcoin")] });
    await write(db, {
      at: later(1),
      rankingProvider: "coingecko",
      entries: [{ ...entry(1, "bitcoin", "BTC", "Bitcoin", 97_000), slug: "bitcoin" }],
    });
    expect(await linksOf(db)).toEqual([
      ["bitcoin", "coingecko", "bitcoin", "evidence", 0],
      ["bitcoin", "coinmarketcap", "1", "evidence", 0],
      ["bitcoin", "cryptocompare", "1182", "origin", 0],
    ]);
  });

  it("reads the links, the snapshot pair's contracts and the identity list for a merge", async () => {
    const db = suite.db();
    const contract = { chain: "ethereum", address: "0x6b175474e89094c44da98b954eedeac495271d0f" };
    await replaceIdentityList(
      db,
      "coinmarketcap",
      [
        { providerId: "4943", symbol: "STRX", name: "Stratus", slug: "stratus", rank: 700, contracts: [contract] },
        { providerId: "1", symbol: "BTC", name: "Bitcoin", slug: "bitcoin", rank: 1, contracts: [] },
      ],
      T0,
    );
    await replaceIdentityList(
      db,
      "cryptocompare",
      [{ providerId: "77", symbol: "NMB", name: "Nimbus Bridge", slug: null, rank: null, contracts: [contract] }],
      T0,
    );
    expect(await readIdentityFetch(db, "coinmarketcap")).toMatchObject({ coinCount: 2, lastError: null });
    const index = await readIdentityIndex(db, "coinmarketcap");
    expect(index.size).toBe(2);
    expect(index.preparedOf("4943")?.contractKeys).toEqual([`ethereum:${contract.address}`]);

    await write(db, {
      at: later(1),
      entries: [entry(1, "77", "NMB", "Nimbus Bridge", 3)],
      quotes: [{ ...quote("4943", "STRX", "Stratus", 3.01), source: "by_id" }],
    });
    const states = await readSourceStates(db);
    const registry = await readRegistryFor(db, {
      rankingProvider: "cryptocompare",
      rankingSnapshotId: states.ranking?.snapshotId ?? 0,
      pricingProvider: "coinmarketcap",
      pricingSnapshotId: states.pricing?.snapshotId ?? 0,
    });
    expect([...registry.contracts.keys()].sort()).toEqual(["coinmarketcap\u00004943", "cryptocompare\u000077"]);
    expect(registry.deeper?.size).toBe(2);
    expect(registry.links.map((link) => [link.assetId, link.provider, link.rule])).toEqual([
      ["nimbus-bridge", "coinmarketcap", "contract"],
      ["nimbus-bridge", "cryptocompare", "origin"],
    ]);

    // A failed fetch is recorded; the list already stored stays.
    await recordIdentityFetchFailure(db, "coinmarketcap", "unavailable: 503", later(2));
    expect(await readIdentityFetch(db, "coinmarketcap")).toMatchObject({ coinCount: 2, lastError: "unavailable: 503" });
    expect((await readIdentityIndex(db, "coinmarketcap")).size).toBe(2);
  });

  it("merges two assets of one coin made in different provider eras, keeping the ranked coin's id and an alias", async () => {
    const db = suite.db();
    // CryptoCompare ranks Bitcoin while the price list lacks it: an asset of its own.
    await write(db, { at: T0, entries: [BTC], quotes: [quote("2", "LTC", "Litecoin", 80)] });
    // CoinGecko ranks meanwhile, and CoinMarketCap's Bitcoin joins its coin: a second asset.
    await write(db, {
      at: later(1),
      rankingProvider: "coingecko",
      entries: [{ ...entry(1, "bitcoin", "BTC", "Bitcoin", 97_000), slug: "bitcoin" }],
      quotes: [quote("1", "BTC", "Bitcoin", 97_100, "bitcoin")],
    });
    expect(await linksOf(db)).toEqual([
      ["bitcoin", "cryptocompare", "1182", "origin", 0],
      ["bitcoin-btc", "coingecko", "bitcoin", "origin", 0],
      ["bitcoin-btc", "coinmarketcap", "1", "evidence", 0],
    ]);
    // CryptoCompare ranks again: its coin matches CoinMarketCap's Bitcoin, so the assets are one.
    await write(db, { at: later(2), entries: [BTC] });
    expect(await linksOf(db)).toEqual([
      ["bitcoin", "coingecko", "bitcoin", "origin", 0],
      ["bitcoin", "coinmarketcap", "1", "evidence", 0],
      ["bitcoin", "cryptocompare", "1182", "origin", 0],
    ]);
    expect((await readAsset(db, "bitcoin-btc"))?.id).toBe("bitcoin");
  });

  it("moves a listing to the coin a reviewed override names, off the asset that held it", async () => {
    const db = suite.db();
    const hotToken = entry(4, "9", "HOT", "Hot Token", 0.5);
    await write(db, {
      at: T0,
      entries: [hotToken],
      quotes: [quote("90001", "HOT", "Hot Token", 0.5)],
    });
    await write(db, { at: later(1), entries: [HOLO, hotToken] });
    const afterWrite = async (trx: Kysely<Database>) => {
      await reconcileLatest(trx, {
        overrides: [
          { ranking: { provider: "cryptocompare", id: "5001" }, pricing: { provider: "coinmarketcap", id: "90001" } },
        ],
        divergencePct: 5,
        unlinkAfter: 3,
        now: later(2),
      });
    };
    await writePriceSnapshot(db, {
      provider: "coinmarketcap",
      fetchedAt: later(2),
      contentHash: "override",
      intervalSeconds: 60,
      simulated: false,
      creditCount: 1,
      quotes: [quote("90001", "HOT", "Hot Token", 0.5)],
      afterWrite,
    });
    const links = await readLinks(db, ["coinmarketcap"]);
    expect(
      links.filter((link) => link.provider === "coinmarketcap").map((link) => [link.assetId, link.rule, link.madeBy]),
    ).toEqual([["holo", "override", "override"]]);
  });
});
