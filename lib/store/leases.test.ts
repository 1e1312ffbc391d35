// Leases against SQLite and (when configured) PostgreSQL: who holds a role, renewal, takeover after
// the TTL, and the fence that refuses a deposed leader's late write.
import { expect, it } from "vitest";
import { at, priceWrite } from "../../test/support/store-fixtures";
import { describeEachStore } from "../../test/support/store-suite";
import { acquireLease, LeaseLostError, readLeases, releaseLease } from "./leases";
import { readLatestPriceSnapshot, writePriceSnapshot } from "./snapshots";
import { readSourceStates } from "./sources";

const TTL = 30;

describeEachStore("leases", (suite) => {
  it("gives a free role to the first replica and keeps the second waiting", async () => {
    const db = suite.db();
    const a = await acquireLease(db, { role: "pricing", holder: "a", ttlSeconds: TTL, now: at(0) });
    expect(a).toEqual({ role: "pricing", holder: "a", token: 1, expiresAt: at(30), held: true });
    const b = await acquireLease(db, { role: "pricing", holder: "b", ttlSeconds: TTL, now: at(10) });
    expect(b).toEqual({ role: "pricing", holder: "a", token: 1, expiresAt: at(30), held: false });
    // The other role is free.
    expect((await acquireLease(db, { role: "ranking", holder: "b", ttlSeconds: TTL, now: at(10) })).held).toBe(true);
  });

  it("renews for its holder with the same token, and hands a lapsed lease over with the next token", async () => {
    const db = suite.db();
    await acquireLease(db, { role: "pricing", holder: "a", ttlSeconds: TTL, now: at(0) });
    const renewed = await acquireLease(db, { role: "pricing", holder: "a", ttlSeconds: TTL, now: at(20) });
    expect(renewed).toMatchObject({ holder: "a", token: 1, expiresAt: at(50), held: true });
    // Still live at 49 s: b waits. At 50 s it has lapsed: b takes it.
    expect((await acquireLease(db, { role: "pricing", holder: "b", ttlSeconds: TTL, now: at(49) })).held).toBe(false);
    const taken = await acquireLease(db, { role: "pricing", holder: "b", ttlSeconds: TTL, now: at(50) });
    expect(taken).toEqual({ role: "pricing", holder: "b", token: 2, expiresAt: at(80), held: true });
    // The old holder finds it gone.
    expect(await acquireLease(db, { role: "pricing", holder: "a", ttlSeconds: TTL, now: at(55) })).toMatchObject({
      holder: "b",
      token: 2,
      held: false,
    });
    const [lease] = await readLeases(db);
    expect(lease).toEqual({
      role: "pricing",
      holder: "b",
      token: 2,
      acquiredAt: at(50),
      renewedAt: at(50),
      expiresAt: at(80),
    });
  });

  it("lets exactly one of many replicas racing for a free role win", async () => {
    const db = suite.db();
    const holders = ["a", "b", "c", "d", "e", "f"];
    const results = await Promise.all(
      holders.map((holder) => acquireLease(db, { role: "ranking", holder, ttlSeconds: TTL, now: at(0) })),
    );
    expect(results.filter((result) => result.held)).toHaveLength(1);
    expect(new Set(results.map((result) => result.holder)).size).toBe(1);
  });

  it("refuses a deposed leader's late write and keeps the newer snapshot", async () => {
    const db = suite.db();
    await acquireLease(db, { role: "pricing", holder: "a", ttlSeconds: TTL, now: at(0) });
    const taken = await acquireLease(db, { role: "pricing", holder: "b", ttlSeconds: TTL, now: at(40) });
    const newer = await writePriceSnapshot(
      db,
      priceWrite({
        fetchedAt: at(41),
        contentHash: "new",
        fence: { role: "pricing", holder: "b", token: taken.token },
      }),
    );
    // a fetched before it lost the lease and writes late, with its old token.
    const late = writePriceSnapshot(
      db,
      priceWrite({ fetchedAt: at(20), contentHash: "late", fence: { role: "pricing", holder: "a", token: 1 } }),
    );
    await expect(late).rejects.toThrow(LeaseLostError);
    await expect(late).rejects.toThrow(
      "a no longer holds the pricing lease (token 1; now b, token 2): the write was refused",
    );
    expect((await readLatestPriceSnapshot(db))?.id).toBe(newer);
    expect((await readSourceStates(db)).pricing?.snapshotId).toBe(newer);
  });

  it("releases on shutdown so a standby takes over at once; a stale token releases nothing", async () => {
    const db = suite.db();
    await acquireLease(db, { role: "ranking", holder: "a", ttlSeconds: TTL, now: at(0) });
    expect(await releaseLease(db, { role: "ranking", holder: "a", token: 7 }, at(5))).toBe(false);
    expect(await releaseLease(db, { role: "ranking", holder: "a", token: 1 }, at(5))).toBe(true);
    const b = await acquireLease(db, { role: "ranking", holder: "b", ttlSeconds: TTL, now: at(6) });
    expect(b).toMatchObject({ holder: "b", token: 2, held: true });
  });
});
