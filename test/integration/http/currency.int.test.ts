// `vs=` through the whole stack: the pricing service fetches the simulator's exchange-rate table
// (CoinGecko's /exchange_rates), stores it, and the web converts every answer with it, on SQLite
// and (when TEST_DATABASE_URL is set) PostgreSQL. The rates fail at the simulator: the last good
// ones stay, flagged stale; before any rates, a `vs` answer says why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../../harness/stack";
import { convertUsd } from "../../../lib/domain/currencies";
import { SIMULATED_FIAT_PER_USD } from "../../../simulator/routes/coingecko-rates";

interface Row {
  rank: number;
  symbol: string;
  priceUsd: number | null;
  marketCapUsd: number | null;
  price?: number | null;
  marketCap?: number | null;
  volume24h?: number | null;
}
interface Currency {
  code: string;
  perUsd: number;
  source: string | null;
  stale: boolean;
  lastError: string | null;
  refreshSeconds: number | null;
}
interface Body {
  data: Row[];
  meta: { currency?: Currency; total: number };
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const databases: Array<{ name: string; skip: boolean; create: () => Promise<TestDatabase> }> = [
  { name: "SQLite", skip: false, create: createSqliteDatabase },
  { name: "PostgreSQL", skip: !TEST_DATABASE_URL, create: () => createPostgresDatabase(TEST_DATABASE_URL ?? "") },
];
if (!TEST_DATABASE_URL) console.warn("[currency.int] TEST_DATABASE_URL is not set: the PostgreSQL tests are skipped");

async function fault(stack: RunningStack, on: boolean): Promise<void> {
  const response = on
    ? await fetch(`${stack.simUrl}/_sim/fault`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ target: "coingecko", endpoint: "exchange_rates", mode: "status", status: 500 }),
      })
    : await fetch(`${stack.simUrl}/_sim/fault?target=all`, { method: "DELETE" });
  expect(response.ok).toBe(true);
}

async function json(stack: RunningStack, query: string): Promise<Body> {
  const response = await fetch(`${stack.webUrl}/api/top?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Body;
}

describe.each(databases)("quote currencies on $name", ({ skip, create }) => {
  let stack: RunningStack;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    if (skip) return;
    const database = await create();
    cleanup = () => database.drop();
    stack = await startStack({ databaseUrl: database.url, extraEnv: { FX_REFRESH_SECONDS: "1" } });
    await waitFor("the first exchange rates", async () => (await json(stack, "limit=1&vs=EUR")).meta.currency, 20_000);
  });

  afterAll(async () => {
    await stack?.stop();
    await cleanup();
  });

  it.skipIf(skip)("converts every row with the simulator's rate, beside the USD figures", async () => {
    const body = await json(stack, "vs=EUR&limit=50");
    const currency = body.meta.currency as Currency;
    expect(currency).toMatchObject({
      code: "EUR",
      source: "coingecko",
      stale: false,
      lastError: null,
      refreshSeconds: 1,
    });
    // The simulator quotes EUR at a fixed 0.92 a dollar (through BTC, rounded to 10 digits).
    expect(currency.perUsd).toBeCloseTo(SIMULATED_FIAT_PER_USD.EUR as number, 8);
    expect(body.data).toHaveLength(50);
    for (const row of body.data) {
      expect(row.price).toBe(convertUsd(row.priceUsd, currency.perUsd));
      expect(row.marketCap).toBe(convertUsd(row.marketCapUsd, currency.perUsd));
    }
    const sats = await json(stack, "vs=sats&symbols=BTC&fields=symbol,priceUsd,price");
    expect(sats.meta.currency?.code).toBe("SATS");
    expect(sats.data).toEqual([
      {
        symbol: "BTC",
        priceUsd: sats.data[0]?.priceUsd,
        price: convertUsd(sats.data[0]?.priceUsd ?? null, sats.meta.currency?.perUsd ?? 0),
      },
    ]);
  });

  it.skipIf(skip)("answers the spreadsheet CSV and the bare price in euros, and curl's / too", async () => {
    const query = "symbols=BTC,ETH&fields=rank,symbol,price&vs=EUR&format=csv";
    const csv = await fetch(`${stack.webUrl}/api/top?${query}`);
    expect([csv.status, csv.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8; header=present"]);
    const lines = (await csv.text()).split("\r\n");
    expect(lines[0]).toBe("Rank,Symbol,Price EUR");
    expect(lines.slice(1, 3).map((line) => line.split(",").slice(0, 2))).toEqual([
      ["1", "BTC"],
      ["2", "ETH"],
    ]);
    expect(lines.slice(1, 3).every((line) => /^\d+,\w+,\d+(\.\d+)?$/.test(line))).toBe(true);
    expect(lines.slice(3)).toEqual([""]);

    const curl = await fetch(`${stack.webUrl}/?${query}`, { headers: { accept: "*/*" } });
    expect((await curl.text()).split("\r\n")[0]).toBe("Rank,Symbol,Price EUR");

    const price = await fetch(`${stack.webUrl}/api/price/BTC?vs=EUR`);
    expect([price.status, price.headers.get("content-type")]).toEqual([200, "text/plain; charset=utf-8"]);
    const text = await price.text();
    expect(text).toMatch(/^\d+(\.\d+)?\n$/);
    const { data, meta } = await json(stack, "symbols=BTC&vs=EUR");
    // The same view or the next one: the price converts the USD price with the served rate.
    expect(Number(text)).toBeCloseTo(data[0]?.price ?? 0, -3);
    expect(meta.currency?.code).toBe("EUR");
  });

  it.skipIf(skip)("refuses an unknown currency with a 400 naming vs", async () => {
    const response = await fetch(`${stack.webUrl}/api/top?vs=XAU`);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_vs");
    expect(error.message).toMatch(/^vs must be a currency code: USD, EUR, .*, BTC, ETH, SATS \(any case\); got "XAU"$/);
  });

  it.skipIf(skip)("keeps the last rates through an outage, flagged stale with the error, and recovers", async () => {
    const before = (await json(stack, "vs=EUR&limit=1")).meta.currency as Currency;
    await fault(stack, true);
    try {
      const stale = await waitFor(
        "the rates to go stale",
        async () => {
          const currency = (await json(stack, "vs=EUR&limit=1")).meta.currency as Currency;
          return currency.stale ? currency : undefined;
        },
        30_000,
      );
      expect(stale.perUsd).toBe(before.perUsd);
      expect(stale.lastError).toMatch(/coingecko|500/);
      const health = (await (await fetch(`${stack.webUrl}/api/health`)).json()) as {
        fx: { stale: boolean; lastError: string };
        problems: string[];
      };
      expect(health.fx.stale).toBe(true);
      expect(health.problems.some((problem) => problem.startsWith("exchange rates are stale"))).toBe(true);
    } finally {
      await fault(stack, false);
    }
    await waitFor(
      "fresh rates again",
      async () => ((await json(stack, "vs=EUR&limit=1")).meta.currency?.stale === false ? true : undefined),
      30_000,
    );
  });
});

describe("quote currencies before the first rates", () => {
  let stack: RunningStack;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      extraEnv: { FX_REFRESH_SECONDS: "2" },
      beforeServices: async (simUrl) => {
        const response = await fetch(`${simUrl}/_sim/fault`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ target: "coingecko", endpoint: "exchange_rates", mode: "status", status: 503 }),
        });
        expect(response.ok).toBe(true);
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("answers USD as always, and a vs answer says why it has no rate yet", async () => {
    expect((await fetch(`${stack.webUrl}/api/top?limit=1`)).status).toBe(200);
    expect((await fetch(`${stack.webUrl}/api/top?limit=1&vs=USD`)).status).toBe(200);
    const refused = await waitFor(
      "the first failure to be recorded",
      async () => {
        const response = await fetch(`${stack.webUrl}/api/top?limit=1&vs=EUR`);
        const body = (await response.json()) as { error: { code: string; message: string } };
        return body.error.message.includes("has not delivered") ? { response, body } : undefined;
      },
      30_000,
    );
    expect([refused.response.status, refused.response.headers.get("retry-after"), refused.body.error.code]).toEqual([
      503,
      "30",
      "no_rate",
    ]);
    expect(refused.body.error.message).toMatch(
      /^no EUR rate yet: coingecko has not delivered the exchange rates: unavailable: coingecko exchange_rates: .+, next try (in \d+ s|due now); USD prices are served without vs$/,
    );
    const price = await fetch(`${stack.webUrl}/api/price/BTC?vs=EUR`);
    expect(price.status).toBe(503);
  });
});
