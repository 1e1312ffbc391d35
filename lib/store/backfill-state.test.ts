// The backfill-state queries, run against SQLite and (when configured) PostgreSQL.
import { expect, it } from "vitest";
import { describeEachStore } from "../../test/support/store-suite";
import { markBackfilled, readBackfillState, recordBackfillFailure } from "./backfill-state";

const iso = (text: string) => new Date(text);

describeEachStore("backfill state", (suite) => {
  it("records backfill successes and failures per coin and resolution", async () => {
    const db = suite.db();
    await markBackfilled(db, { coinKey: "cryptocompare:BTC", resolution: "day", at: iso("2025-01-01T00:00:00Z") });
    await recordBackfillFailure(db, {
      coinKey: "cryptocompare:BTC",
      resolution: "day",
      at: iso("2025-01-02T00:00:00Z"),
      error: "x".repeat(5000),
    });
    await recordBackfillFailure(db, {
      coinKey: "cryptocompare:NOPE",
      resolution: "hour",
      at: iso("2025-01-02T00:00:00Z"),
      error: "bad_response: no data",
    });
    await markBackfilled(db, { coinKey: "cryptocompare:BTC", resolution: "hour", at: iso("2025-01-03T00:00:00Z") });
    const states = await readBackfillState(db, { keys: ["cryptocompare:NOPE", "cryptocompare:BTC", "cc:none"] });
    expect(states.map((s) => ({ ...s, lastError: s.lastError?.slice(0, 22) ?? null }))).toEqual([
      {
        coinKey: "cryptocompare:BTC",
        resolution: "day",
        fetchedAt: iso("2025-01-01T00:00:00Z"),
        attemptedAt: iso("2025-01-02T00:00:00Z"),
        lastError: "xxxxxxxxxxxxxxxxxxxxxx",
      },
      {
        coinKey: "cryptocompare:BTC",
        resolution: "hour",
        fetchedAt: iso("2025-01-03T00:00:00Z"),
        attemptedAt: iso("2025-01-03T00:00:00Z"),
        lastError: null,
      },
      {
        coinKey: "cryptocompare:NOPE",
        resolution: "hour",
        fetchedAt: null,
        attemptedAt: iso("2025-01-02T00:00:00Z"),
        lastError: "bad_response: no data",
      },
    ]);
    expect(states[0]?.lastError).toHaveLength(2000);
    expect(await readBackfillState(db, { keys: [] })).toEqual([]);
  });
});
