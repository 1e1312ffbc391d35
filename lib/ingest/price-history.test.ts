// The pricing service's history follow-up, on a temp SQLite store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PriceQuote } from "@/lib/domain/types";
import { appendPricePoints, migrateToLatest, openStore, readHistory, type Store } from "@/lib/store";
import { priceQuote } from "@/test/support/records";
import { createPriceHistoryRecorder } from "./price-history";
import type { CycleResult, FetchOutcome } from "./service-loop";

const T = Date.UTC(2026, 0, 2, 12, 0, 30);
const MIN = 60_000;
const allTime = { from: new Date(0), to: new Date(T + 365 * 86_400_000) };

const quote = (providerId: string, priceUsd: number): PriceQuote =>
  priceQuote({ providerId, symbol: `S${providerId}`, name: `Coin ${providerId}`, priceUsd });

type Outcome = FetchOutcome & { quotes: PriceQuote[] };
const cycle = (result: "stored" | "unchanged", at: number, quotes: PriceQuote[]): CycleResult<Outcome> => ({
  result,
  outcome: { provider: "coinmarketcap", records: quotes, quotes, simulated: true },
  snapshotId: result === "stored" ? 1 : null,
  fetchedAt: new Date(at),
});

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "topcoins-price-history-"));
  store = openStore(`file:${path.join(dir, "history.db")}`);
  await migrateToLatest(store.db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("createPriceHistoryRecorder", () => {
  it("appends stored snapshots only, keyed by the pricing provider's id", async () => {
    let now = T;
    const { logger } = capturingLogger();
    const record = createPriceHistoryRecorder({ store, logger, now: () => new Date(now) });
    await record(cycle("stored", T, [quote("1", 100), quote("2", 0.5)]));
    now = T + MIN;
    await record(cycle("unchanged", T + MIN, [quote("1", 100), quote("2", 0.5)]));
    now = T + 2 * MIN;
    await record(cycle("stored", T + 2 * MIN, [quote("1", 101)]));
    const raw = await readHistory(store.db, { keys: ["coinmarketcap:1"], resolution: "raw", ...allTime });
    expect(raw.map((p) => [p.ts.getTime(), p.priceUsd])).toEqual([
      [T, 100],
      [T + 2 * MIN, 101],
    ]);
    const hours = await readHistory(store.db, {
      keys: ["coinmarketcap:1", "coinmarketcap:2"],
      resolution: "hour",
      ...allTime,
    });
    expect(hours.map((p) => [p.coinKey, p.ts.toISOString(), p.priceUsd])).toEqual([
      ["coinmarketcap:1", "2026-01-02T12:00:00.000Z", 101],
      ["coinmarketcap:2", "2026-01-02T12:00:00.000Z", 0.5],
    ]);
  });

  it("compacts on the first cycle, then at most every 10 minutes", async () => {
    let now = T;
    const { logger, lines } = capturingLogger();
    const record = createPriceHistoryRecorder({ store, logger, now: () => new Date(now) });
    await appendPricePoints(store.db, {
      provider: "coinmarketcap",
      at: new Date(T - 49 * 60 * MIN),
      quotes: [quote("9", 1)],
    });
    await record(cycle("unchanged", T, []));
    now = T + 9 * MIN;
    await record(cycle("unchanged", now, []));
    now = T + 10 * MIN;
    await record(cycle("unchanged", now, []));
    const compactions = lines.filter((line) => line.event === "history_compact");
    expect(compactions.map((line) => line.deleted)).toEqual([
      { raw: 1, hour: 0, day: 0, backfillStates: 0 },
      { raw: 0, hour: 0, day: 0, backfillStates: 0 },
    ]);
  });

  it("logs a failed append and a failed compaction and carries on", async () => {
    const { logger, lines } = capturingLogger();
    const record = createPriceHistoryRecorder({ store, logger, now: () => new Date(Number.NaN) });
    await expect(record(cycle("stored", Number.NaN, [quote("1", 1)]))).resolves.toBeUndefined();
    const errors = lines.filter((line) => line.level === 50).map((line) => line.msg);
    expect(errors).toEqual([
      "price history append failed: at is an invalid date",
      "price history compaction failed: now is an invalid date",
    ]);
  });
});
