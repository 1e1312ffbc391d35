// The source-state queries, run against SQLite and (when configured) PostgreSQL.
import { expect, it } from "vitest";
import { readLatestRankingSnapshot, writePriceSnapshot, writeRankingSnapshot } from "./snapshots";
import { latestContentHash, markSourceChecked, readSourceStates, readStoreVersion, recordSourceError } from "./sources";
import { at, priceWrite, rankingWrite } from "./test-support/fixtures";
import { describeEachStore } from "./test-support/store-suite";

describeEachStore("source state", (suite) => {
  it("points source state at each new snapshot", async () => {
    const db = suite.db();
    const rankingId = await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(5) }));
    const priceId = await writePriceSnapshot(db, priceWrite({ fetchedAt: at(6) }));
    expect(await readSourceStates(db)).toEqual({
      ranking: {
        role: "ranking",
        provider: "cryptocompare",
        snapshotId: rankingId,
        fetchedAt: at(5),
        checkedAt: at(5),
        lastError: null,
        lastErrorAt: null,
        intervalSeconds: 60,
        simulated: false,
      },
      pricing: expect.objectContaining({
        snapshotId: priceId,
        fetchedAt: at(6),
        intervalSeconds: 120,
        simulated: true,
      }),
    });
    expect(await latestContentHash(db, "ranking")).toBe("ranking-hash");
    expect(await latestContentHash(db, "pricing")).toBe("price-hash");
  });

  it("markSourceChecked moves checked_at only and clears the error", async () => {
    const db = suite.db();
    const id = await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(0) }));
    await recordSourceError(db, {
      role: "ranking",
      provider: "cryptocompare",
      error: "HTTP 503",
      at: at(30),
      intervalSeconds: 60,
    });
    await markSourceChecked(db, {
      role: "ranking",
      checkedAt: at(60),
      provider: "cryptocompare",
      intervalSeconds: 60,
      simulated: false,
    });
    const { ranking } = await readSourceStates(db);
    expect(ranking).toMatchObject({ snapshotId: id, fetchedAt: at(0), checkedAt: at(60), lastError: null });
    expect(ranking?.lastErrorAt).toEqual(at(30));
    expect((await readLatestRankingSnapshot(db))?.id).toBe(id);
  });

  it("recordSourceError keeps the snapshot, and creates a row when there is none", async () => {
    const db = suite.db();
    await recordSourceError(db, {
      role: "pricing",
      provider: "coinmarketcap",
      error: "quota",
      at: at(1),
      intervalSeconds: 120,
    });
    expect((await readSourceStates(db)).pricing).toMatchObject({
      snapshotId: null,
      fetchedAt: null,
      lastError: "quota",
      lastErrorAt: at(1),
    });
    const id = await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(2) }));
    await recordSourceError(db, {
      role: "ranking",
      provider: "cryptocompare",
      error: "x".repeat(5000),
      at: at(3),
      intervalSeconds: 60,
    });
    const { ranking } = await readSourceStates(db);
    expect(ranking).toMatchObject({ snapshotId: id, fetchedAt: at(2), checkedAt: at(2), lastErrorAt: at(3) });
    expect(ranking?.lastError).toHaveLength(2000);
    expect((await readLatestRankingSnapshot(db))?.id).toBe(id);
  });

  it("readStoreVersion's key changes after each kind of write and not otherwise", async () => {
    const db = suite.db();
    const keys = [(await readStoreVersion(db)).key];
    const record = async () => {
      const { key } = await readStoreVersion(db);
      expect(keys).not.toContain(key);
      keys.push(key);
      expect((await readStoreVersion(db)).key).toBe(key);
    };
    const rankingId = await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(1) }));
    await record();
    await writePriceSnapshot(db, priceWrite({ fetchedAt: at(2) }));
    await record();
    await markSourceChecked(db, {
      role: "pricing",
      checkedAt: at(3),
      provider: "coinmarketcap",
      intervalSeconds: 120,
      simulated: true,
    });
    await record();
    await recordSourceError(db, {
      role: "ranking",
      provider: "cryptocompare",
      error: "boom",
      at: at(4),
      intervalSeconds: 60,
    });
    await record();
    await readLatestRankingSnapshot(db);
    await readSourceStates(db);
    expect((await readStoreVersion(db)).key).toBe(keys.at(-1));
    expect((await readStoreVersion(db)).ranking).toEqual({
      snapshotId: rankingId,
      checkedAt: at(1),
      lastErrorAt: at(4),
    });
  });
});
