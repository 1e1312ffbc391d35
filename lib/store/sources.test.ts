// The source-state queries, run against SQLite and (when configured) PostgreSQL.
import { expect, it } from "vitest";
import { at, priceWrite, rankingWrite } from "../../test/support/store-fixtures";
import { describeEachStore } from "../../test/support/store-suite";
import { readLatestRankingSnapshot, writePriceSnapshot, writeRankingSnapshot } from "./snapshots";
import {
  addSpentCredits,
  latestContentHash,
  markSourceChecked,
  readSourceStates,
  readStoreVersion,
  recordSourceError,
} from "./sources";

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
        nextAttemptAt: null,
        intervalSeconds: 60,
        simulated: false,
        selection: null,
        creditsToday: 0,
        creditsDay: null,
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

  it("records which provider serves a role and why, with the snapshot, a check and an error", async () => {
    const db = suite.db();
    const failover = {
      primary: "coinmarketcap",
      mode: "failover" as const,
      reason: "coinmarketcap failed (quota: daily credits used); coingecko serves the pricing",
      since: at(10),
    };
    await writePriceSnapshot(db, priceWrite({ provider: "coingecko", fetchedAt: at(10), selection: failover }));
    expect((await readSourceStates(db)).pricing).toMatchObject({ provider: "coingecko", selection: failover });
    const back = {
      primary: "coinmarketcap",
      mode: "configured" as const,
      reason: "coinmarketcap answers again",
      since: at(20),
    };
    await markSourceChecked(db, {
      role: "pricing",
      checkedAt: at(20),
      provider: "coingecko",
      intervalSeconds: 60,
      simulated: false,
      selection: back,
    });
    expect((await readSourceStates(db)).pricing?.selection).toEqual(back);
    const keyless = { primary: "coingecko", mode: "keyless_default" as const, reason: "no key", since: at(30) };
    await recordSourceError(db, {
      role: "pricing",
      provider: "coingecko",
      error: "HTTP 500",
      at: at(30),
      intervalSeconds: 60,
      selection: keyless,
    });
    expect((await readSourceStates(db)).pricing?.selection).toEqual(keyless);
    // A writer that does not say keeps what is recorded.
    await recordSourceError(db, {
      role: "pricing",
      provider: "coingecko",
      error: "HTTP 502",
      at: at(40),
      intervalSeconds: 60,
    });
    expect((await readSourceStates(db)).pricing?.selection).toEqual(keyless);
  });

  it("counts credits per UTC day and starts again on a new day", async () => {
    const db = suite.db();
    await writePriceSnapshot(db, priceWrite({ fetchedAt: new Date("2026-11-28T23:58:00Z") }));
    await addSpentCredits(db, { role: "pricing", credits: 3, at: new Date("2026-11-28T23:58:00Z") });
    await addSpentCredits(db, { role: "pricing", credits: 3, at: new Date("2026-11-28T23:59:00Z") });
    expect((await readSourceStates(db)).pricing).toMatchObject({ creditsToday: 6, creditsDay: "2026-11-28" });
    await addSpentCredits(db, { role: "pricing", credits: 2, at: new Date("2026-11-29T00:00:30Z") });
    expect((await readSourceStates(db)).pricing).toMatchObject({ creditsToday: 2, creditsDay: "2026-11-29" });
    await expect(addSpentCredits(db, { role: "pricing", credits: -1, at: at(0) })).rejects.toThrow(RangeError);
    expect((await readSourceStates(db)).ranking).toBeNull();
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

  it("keeps when a failing source is tried next, and clears it on the next success", async () => {
    const db = suite.db();
    await recordSourceError(db, {
      role: "ranking",
      provider: "coingecko",
      error: "network error (ENOTFOUND)",
      at: at(1),
      intervalSeconds: 60,
      nextAttemptAt: at(3),
    });
    expect((await readSourceStates(db)).ranking).toMatchObject({
      snapshotId: null,
      lastError: "network error (ENOTFOUND)",
      lastErrorAt: at(1),
      nextAttemptAt: at(3),
    });
    // A failure that does not say when it tries again leaves no stale promise behind.
    await recordSourceError(db, {
      role: "ranking",
      provider: "coingecko",
      error: "again",
      at: at(2),
      intervalSeconds: 60,
    });
    expect((await readSourceStates(db)).ranking?.nextAttemptAt).toBeNull();
    await recordSourceError(db, {
      role: "ranking",
      provider: "coingecko",
      error: "again",
      at: at(3),
      intervalSeconds: 60,
      nextAttemptAt: at(5),
    });
    await writeRankingSnapshot(db, rankingWrite({ fetchedAt: at(4) }));
    expect((await readSourceStates(db)).ranking).toMatchObject({ lastError: null, nextAttemptAt: null });
    await recordSourceError(db, {
      role: "ranking",
      provider: "coingecko",
      error: "x",
      at: at(5),
      intervalSeconds: 60,
      nextAttemptAt: at(7),
    });
    await markSourceChecked(db, {
      role: "ranking",
      checkedAt: at(6),
      provider: "coingecko",
      intervalSeconds: 60,
      simulated: false,
    });
    expect((await readSourceStates(db)).ranking).toMatchObject({ lastError: null, nextAttemptAt: null });
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
