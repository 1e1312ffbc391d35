// The snapshot queries and migrations, run against SQLite and (when configured) PostgreSQL.
import { expect, it } from "vitest";
import {
  at,
  byProviderId,
  makeEntries,
  makeQuotes,
  priceWrite,
  rankingWrite,
  scrambled,
  T0,
} from "../../test/support/store-fixtures";
import { countRows, describeEachStore } from "../../test/support/store-suite";
import { openStore } from "./database";
import { StoreError } from "./errors";
import { migrateToLatest } from "./migrations";
import {
  readLatestPriceSnapshot,
  readLatestRankingSnapshot,
  readPreviousRankingSnapshot,
  readPriceSnapshot,
  readRankingSnapshot,
  writePriceSnapshot,
  writeRankingSnapshot,
} from "./snapshots";
import { latestContentHash, readSourceStates, readStoreVersion } from "./sources";

describeEachStore("store", (suite, engine) => {
  it("migrates a fresh database once, then finds nothing to do", async () => {
    const db = suite.db();
    expect(suite.firstMigration()).toEqual([
      "0001_initial",
      "0002_price_history",
      "0003_provider_selection",
      "0004_leases",
      "0005_asset_registry",
      "0006_next_attempt",
      "0007_fx_rates",
      "0008_coin_categories",
    ]);
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  // In one process two SQLite connections would block each other's event loop while waiting for
  // the lock, so SQLite's version of this test starts two processes (sqlite-concurrency.test.ts).
  const concurrentMigration = "two stores migrating one fresh database at once both succeed";
  it.skipIf(engine === "SQLite")(
    engine === "SQLite"
      ? `${concurrentMigration} (skipped: covered by sqlite-concurrency.test.ts)`
      : concurrentMigration,
    async () => {
      const { url } = await suite.freshDatabase();
      const stores = [openStore(url), openStore(url)];
      try {
        const applied = await Promise.all(stores.map((store) => migrateToLatest(store.db)));
        expect(applied.flat()).toEqual([
          "0001_initial",
          "0002_price_history",
          "0003_provider_selection",
          "0004_leases",
          "0005_asset_registry",
          "0006_next_attempt",
          "0007_fx_rates",
          "0008_coin_categories",
        ]);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    },
  );

  it("reads nothing from an empty store", async () => {
    const db = suite.db();
    expect(await readLatestRankingSnapshot(db)).toBeNull();
    expect(await readLatestPriceSnapshot(db)).toBeNull();
    expect(await readSourceStates(db)).toEqual({ ranking: null, pricing: null });
    expect(await latestContentHash(db, "ranking")).toBeNull();
    expect(await readStoreVersion(db)).toEqual({ ranking: null, pricing: null, key: "rnone~pnone" });
  });

  it("round-trips a ranking snapshot exactly, entries in rank order", async () => {
    const db = suite.db();
    const entries = makeEntries(12);
    const id = await writeRankingSnapshot(db, rankingWrite({ entries: scrambled(entries) }));
    const expected = { id, provider: "cryptocompare", fetchedAt: T0, contentHash: "ranking-hash", entries };
    const latest = await readLatestRankingSnapshot(db);
    expect(latest).toEqual(expected);
    expect(await readRankingSnapshot(db, id)).toEqual(expected);
    // Bit-exact doubles, not merely close ones.
    const prices = latest?.entries.map((entry) => entry.priceUsd);
    expect(prices?.slice(0, 4)).toEqual([0.00000012, 97123.456789, 1 / 3, 2 ** 53 + 2]);
    expect(Object.is(latest?.entries[2]?.priceUsd, 1 / 3)).toBe(true);
    expect(latest?.entries[4]?.priceUsd).toBeNull();
    expect(latest?.entries[1]?.name).toBe("Ðogecoin «Ω» 🚀");
  });

  it("round-trips a price snapshot exactly, quotes ordered by provider id as text", async () => {
    const db = suite.db();
    const quotes = makeQuotes(12);
    const id = await writePriceSnapshot(db, priceWrite({ quotes: scrambled(quotes) }));
    const latest = await readLatestPriceSnapshot(db);
    expect(latest).toEqual({
      id,
      provider: "coinmarketcap",
      fetchedAt: T0,
      contentHash: "price-hash",
      creditCount: 3,
      quotes: byProviderId(quotes),
    });
    expect(latest?.quotes.map((quote) => quote.providerId).slice(0, 4)).toEqual(["1", "10", "11", "12"]);
    expect(latest?.quotes.map((quote) => quote.priceUsd)).toEqual(byProviderId(quotes).map((q) => q.priceUsd));
    expect(latest?.fetchedAt).toBeInstanceOf(Date);
    const noCredits = await writePriceSnapshot(db, priceWrite({ creditCount: null, quotes: [] }));
    expect(await readPriceSnapshot(db, noCredits)).toMatchObject({ creditCount: null, quotes: [] });
  });

  it("finds the latest and the previous ranking snapshot", async () => {
    const db = suite.db();
    const ids: number[] = [];
    for (const step of [0, 1, 2]) {
      ids.push(await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(step), entries: makeEntries(3, step) })));
    }
    const [first, second, third] = ids as [number, number, number];
    expect(first < second && second < third).toBe(true);
    expect((await readLatestRankingSnapshot(db))?.id).toBe(third);
    const previous = await readPreviousRankingSnapshot(db, third);
    expect(previous).toMatchObject({ id: second, fetchedAt: at(1), entries: makeEntries(3, 1) });
    expect((await readPreviousRankingSnapshot(db, first))?.id).toBeUndefined();
    expect(await readRankingSnapshot(db, third + 1000)).toBeNull();
  });

  it("prunes to exactly the newest `keep` snapshots, rows included", async () => {
    const db = suite.db();
    const rankingIds: number[] = [];
    const priceIds: number[] = [];
    for (const step of [0, 1, 2, 3, 4]) {
      rankingIds.push(await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(step), keep: 3 })));
      priceIds.push(await writePriceSnapshot(db, priceWrite({ fetchedAt: at(step), keep: 3 })));
    }
    const kept = await db.selectFrom("ranking_snapshot").select("id").orderBy("id").execute();
    expect(kept.map((row) => row.id)).toEqual(rankingIds.slice(2));
    expect(await countRows(db, "ranking_entry")).toBe(3 * 12);
    expect(await countRows(db, "price_snapshot")).toBe(3);
    expect(await countRows(db, "price_quote")).toBe(3 * 12);
    expect(await readRankingSnapshot(db, rankingIds[1] ?? 0)).toBeNull();
    expect((await readLatestPriceSnapshot(db))?.id).toBe(priceIds[4]);
    await expect(writeRankingSnapshot(db, rankingWrite({ keep: 0 }))).rejects.toThrow(StoreError);
  });

  it("a failing write leaves no partial snapshot and the previous latest intact", async () => {
    const db = suite.db();
    const goodRanking = await writeRankingSnapshot(db, rankingWrite());
    const goodPrices = await writePriceSnapshot(db, priceWrite());
    const versionBefore = await readStoreVersion(db);
    const entries = makeEntries(5000);
    entries[4999] = { ...entries[4999]!, rank: 1 };
    await expect(writeRankingSnapshot(db, rankingWrite({ entries, contentHash: "bad" }))).rejects.toThrow();
    const quotes = [...makeQuotes(3), ...makeQuotes(1)];
    await expect(writePriceSnapshot(db, priceWrite({ quotes, contentHash: "bad" }))).rejects.toThrow();
    const notFinite = makeQuotes(3).map((quote) => ({ ...quote, priceUsd: Number.NaN }));
    await expect(writePriceSnapshot(db, priceWrite({ quotes: notFinite }))).rejects.toThrow(/finite/);
    expect((await readLatestRankingSnapshot(db))?.id).toBe(goodRanking);
    expect((await readLatestPriceSnapshot(db))?.id).toBe(goodPrices);
    expect(await countRows(db, "ranking_snapshot")).toBe(1);
    expect(await countRows(db, "ranking_entry")).toBe(12);
    expect(await countRows(db, "price_quote")).toBe(12);
    expect(await readStoreVersion(db)).toEqual(versionBefore);
  });

  it("writes and reads 5000 quotes and 5000 entries across insert batches", async () => {
    const db = suite.db();
    const quotes = makeQuotes(5000);
    const started = performance.now();
    const id = await writePriceSnapshot(db, priceWrite({ quotes }));
    const written = performance.now();
    const latest = await readLatestPriceSnapshot(db);
    const read = performance.now();
    expect(latest?.id).toBe(id);
    expect(latest?.quotes).toEqual(byProviderId(quotes));
    console.info(
      `${engine}: 5000-quote snapshot write ${(written - started).toFixed(1)} ms, read ${(read - written).toFixed(1)} ms`,
    );
    const entries = makeEntries(5000);
    await writeRankingSnapshot(db, rankingWrite({ entries }));
    expect((await readLatestRankingSnapshot(db))?.entries).toEqual(entries);
  });
});
