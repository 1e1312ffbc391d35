// The exchange-rate table's store, on SQLite and (when configured) PostgreSQL.
import { expect, it } from "vitest";
import { at } from "../../test/support/store-fixtures";
import { describeEachStore } from "../../test/support/store-suite";
import { StoreError } from "./errors";
import { readFxState, readFxVersion, recordFxError, writeFxRates } from "./fx-rates";

const RATES = { USD: 1, EUR: 0.9202572899, SATS: 2302.2185, JPY: 151.2 };
const write = (seconds: number, perUsd: Record<string, number> = RATES) => ({
  provider: "coingecko",
  perUsd,
  at: at(seconds),
  intervalSeconds: 300,
  simulated: true,
});

describeEachStore("fx rates", (suite) => {
  it("has no rates before the first fetch", async () => {
    const db = suite.db();
    expect(await readFxState(db)).toBeNull();
    expect(await readFxVersion(db)).toBe("none");
  });

  it("stores the table, and a fetch with the same rates only moves checked_at", async () => {
    const db = suite.db();
    expect(await writeFxRates(db, write(0))).toBe("stored");
    const first = await readFxVersion(db);
    expect(await writeFxRates(db, write(300))).toBe("unchanged");
    expect(await readFxState(db)).toEqual({
      provider: "coingecko",
      perUsd: RATES,
      fetchedAt: at(0),
      checkedAt: at(300),
      lastError: null,
      lastErrorAt: null,
      nextAttemptAt: null,
      intervalSeconds: 300,
      simulated: true,
    });
    expect(await readFxVersion(db)).not.toBe(first);
    expect(await writeFxRates(db, write(600, { ...RATES, EUR: 0.93 }))).toBe("stored");
    expect((await readFxState(db))?.fetchedAt).toEqual(at(600));
    expect((await readFxState(db))?.perUsd?.EUR).toBe(0.93);
  });

  it("keeps the last good rates through a failure, which clears at the next success", async () => {
    const db = suite.db();
    await writeFxRates(db, write(0));
    await recordFxError(db, {
      provider: "coingecko",
      error: "network error (ENOTFOUND)",
      at: at(300),
      intervalSeconds: 300,
      nextAttemptAt: at(600),
    });
    expect(await readFxState(db)).toMatchObject({
      perUsd: RATES,
      checkedAt: at(0),
      lastError: "network error (ENOTFOUND)",
      lastErrorAt: at(300),
      nextAttemptAt: at(600),
    });
    await writeFxRates(db, write(600));
    expect(await readFxState(db)).toMatchObject({ lastError: null, lastErrorAt: at(300), nextAttemptAt: null });
  });

  it("records a failure before any rates, and cuts a long error", async () => {
    const db = suite.db();
    await recordFxError(db, {
      provider: "coingecko",
      error: "x".repeat(5000),
      at: at(0),
      intervalSeconds: 60,
      nextAttemptAt: null,
    });
    const state = await readFxState(db);
    expect([state?.perUsd, state?.checkedAt, state?.lastError?.length, state?.lastError?.endsWith("…")]).toEqual([
      null,
      null,
      2000,
      true,
    ]);
  });

  it("refuses a rate that is not a positive number", async () => {
    await expect(writeFxRates(suite.db(), write(0, { EUR: Number.NaN }))).rejects.toThrow(StoreError);
    await expect(writeFxRates(suite.db(), write(0, { EUR: 0 }))).rejects.toThrow(
      "fx rate EUR must be a positive number",
    );
  });
});
