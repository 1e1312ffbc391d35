// The whole stack, for real: simulator, ranking and pricing services, and the production web,
// as separate processes talking HTTP, on a temporary SQLite file and (when TEST_DATABASE_URL is
// set) a fresh PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../harness/stack";

interface TruthRow {
  rank: number;
  symbol: string;
  name: string;
  priceUsd: number | null;
  expected: "priced" | "not_listed" | "ambiguous";
}
interface ApiRow {
  rank: number;
  id: string;
  symbol: string;
  name: string;
  priceUsd: number | null;
  priceStatus: string;
  priceReason: string | null;
}
interface ApiBody {
  data: ApiRow[];
  meta: {
    limit: number;
    count: number;
    simulated: boolean;
    ranking: { stale: boolean; provider: string; checkedAt: string; ageSeconds: number };
    pricing: { stale: boolean; provider: string; lastError: string | null };
  };
}

const EXPECTED_STATUS = { priced: "ok", not_listed: "not_listed", ambiguous: "ambiguous" } as const;

async function simPost(stack: RunningStack, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${stack.simUrl}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${route} answered ${response.status}`).toBe(true);
  return response.json();
}

async function truth(stack: RunningStack, limit: number): Promise<TruthRow[]> {
  const body = (await (await fetch(`${stack.simUrl}/_sim/truth?limit=${limit}`)).json()) as { rows: TruthRow[] };
  return body.rows;
}

async function top(stack: RunningStack, query = "limit=200"): Promise<ApiBody> {
  const response = await fetch(`${stack.webUrl}/api/top?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ApiBody;
}

function comparable(rows: readonly ApiRow[]) {
  return rows.map((row) => ({
    rank: row.rank,
    symbol: row.symbol,
    name: row.name,
    priceUsd: row.priceUsd,
    status: row.priceStatus,
  }));
}

function expectedFrom(rows: readonly TruthRow[]) {
  return rows.map((row) => ({
    rank: row.rank,
    symbol: row.symbol,
    name: row.name,
    priceUsd: row.priceUsd,
    status: EXPECTED_STATUS[row.expected],
  }));
}

/** Waits until /api/top shows exactly the simulator's truth. */
async function untilApiMatchesTruth(stack: RunningStack, timeoutMs: number) {
  const expected = expectedFrom(await truth(stack, 200));
  return waitFor(
    "the API to match the simulator's truth",
    async () => {
      const body = await top(stack);
      return JSON.stringify(comparable(body.data)) === JSON.stringify(expected) ? body : undefined;
    },
    timeoutMs,
  );
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const databases: Array<{ name: string; skip: boolean; create: () => Promise<TestDatabase> }> = [
  { name: "SQLite", skip: false, create: createSqliteDatabase },
  { name: "PostgreSQL", skip: !TEST_DATABASE_URL, create: () => createPostgresDatabase(TEST_DATABASE_URL ?? "") },
];
if (!TEST_DATABASE_URL) console.warn("[stack.int] TEST_DATABASE_URL is not set: the PostgreSQL tests are skipped");

describe.each(databases)("the stack on $name", ({ skip, create }) => {
  let stack: RunningStack;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    if (skip) return;
    const database = await create();
    cleanup = () => database.drop();
    stack = await startStack({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await stack?.stop();
    await cleanup();
  });

  it.skipIf(skip)("serves the simulator's truth after the merge: 200 rows ranked 1..200", async () => {
    const body = await untilApiMatchesTruth(stack, 15_000);
    expect(body.data).toHaveLength(200);
    expect(body.data.map((row) => row.rank)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(body.meta).toMatchObject({ limit: 200, count: 200, simulated: true });
    expect(body.meta.ranking.provider).toBe("cryptocompare");
    for (const row of body.data) {
      if (row.priceUsd === null) expect(row.priceReason).toMatch(/\w/);
      else expect(row.priceUsd).toBeGreaterThan(0);
    }
    // The simulator's unpriced coins are all not listed: WINGS (nowhere), ABC and ARDL (their
    // symbols belong to other assets at CoinMarketCap, which the evidence shows).
    const statuses = new Set(body.data.map((row) => row.priceStatus));
    expect(statuses).toEqual(new Set(["ok", "not_listed"]));
    const hot = body.data.find((row) => row.symbol === "HOT");
    expect(hot?.name).toBe("Holo");
    const trap = body.data.find((row) => row.symbol === "ARDL");
    expect(trap).toMatchObject({ priceUsd: null, priceStatus: "not_listed" });
    expect(trap?.priceReason).toMatch(
      /symbol agrees; names share no word; prices differ \d+×, supplies differ [\d.]+×; market cap 0 at coinmarketcap/,
    );
  });

  it.skipIf(skip)("answers curl on / with the CSV header and exactly 5 rows", async () => {
    const { data } = await top(stack, "limit=5");
    const response = await fetch(`${stack.webUrl}/?limit=5`, { headers: { accept: "*/*" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("Rank,Symbol,Price USD");
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe("");
    const first = data[0];
    expect(lines[1]).toBe(`1,${first?.symbol},${first?.priceUsd === null ? "" : String(first?.priceUsd)}`);
  });

  it.skipIf(skip)("answers a filtered, sorted query and the bare price, by id or by symbol", async () => {
    const { data } = await untilApiMatchesTruth(stack, 15_000);
    const priced = data.filter((row) => row.priceUsd !== null);
    const [a, b] = priced.slice(0, 2);
    // curl's `/` with the query: only those coins, chosen columns, most expensive first.
    const response = await fetch(
      `${stack.webUrl}/?symbols=${a?.symbol},${b?.symbol}&fields=rank,symbol,name,priceUsd&sort=priceUsd`,
      {
        headers: { accept: "*/*" },
      },
    );
    expect(response.status).toBe(200);
    const [header, ...rows] = (await response.text()).trimEnd().split("\r\n");
    expect(header).toBe("Rank,Symbol,Name,Price USD");
    const expected = data
      .filter((row) => row.symbol === a?.symbol || row.symbol === b?.symbol)
      .sort((x, y) => (y.priceUsd ?? -1) - (x.priceUsd ?? -1) || x.rank - y.rank);
    expect(rows.map((line) => line.split(",")[0])).toEqual(expected.map((row) => String(row.rank)));
    const paged = await top(stack, "sort=marketCapUsd&offset=10&limit=5");
    expect(paged.data).toHaveLength(5);
    expect((paged.meta as unknown as { offset: number; total: number }).offset).toBe(10);
    const price = await fetch(`${stack.webUrl}/api/price/${a?.id}`);
    expect([price.status, price.headers.get("content-type")]).toEqual([200, "text/plain; charset=utf-8"]);
    expect(Number((await price.text()).trim())).toBeGreaterThan(0);
    expect((await fetch(`${stack.webUrl}/api/price/nope-not-a-coin`)).status).toBe(404);
    expect((await (await fetch(`${stack.webUrl}/api/price/bitcoin?vs=XAU`)).json()).error.code).toBe("invalid_vs");
  });

  it.skipIf(skip)("serves the dashboard HTML to a browser on /", async () => {
    const response = await fetch(`${stack.webUrl}/?limit=3`, { headers: { accept: "text/html,*/*;q=0.8" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Simulated data");
    expect(html.match(/<tr>/g)?.length).toBe(4);
  });

  it.skipIf(skip)("rejects every bad limit with a 400 that names the range", async () => {
    for (const limit of ["0", "-1", "abc", "1.5", "", "201", "1e2", "%20"]) {
      const response = await fetch(`${stack.webUrl}/api/top?limit=${limit}`);
      expect(response.status, `limit=${limit}`).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_limit");
      expect(body.error.message).toContain("from 1 to 200");
    }
    const csv = await fetch(`${stack.webUrl}/?limit=201`, { headers: { accept: "*/*" } });
    expect(csv.status).toBe(400);
  });

  it.skipIf(skip)("answers 304 to a matching If-None-Match and serves CSV for Accept: text/csv", async () => {
    const first = await fetch(`${stack.webUrl}/api/top?limit=10`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const again = await fetch(`${stack.webUrl}/api/top?limit=10`, { headers: { "if-none-match": etag ?? "" } });
    expect([200, 304]).toContain(again.status);
    if (again.status === 304) expect(await again.text()).toBe("");
    const csv = await fetch(`${stack.webUrl}/api/top?limit=2`, { headers: { accept: "text/csv" } });
    expect((await csv.text()).split("\r\n")[0]).toBe("Rank,Symbol,Price USD");
  });

  it.skipIf(skip)("shows a rank swap at the simulator within one refresh", async () => {
    const before = await untilApiMatchesTruth(stack, 15_000);
    const [first, second] = before.data;
    await simPost(stack, "/_sim/swap", { ranks: [1, 2] });
    const startedAt = Date.now();
    const after = await waitFor(
      "the swapped ranking",
      async () => {
        const body = await top(stack, "limit=2");
        return body.data[0]?.symbol === second?.symbol ? body : undefined;
      },
      10_000,
    );
    expect(after.data.map((row) => row.symbol)).toEqual([second?.symbol, first?.symbol]);
    // One refresh (1 s) plus the web's one-second change check, with slack for a loaded machine.
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it.skipIf(skip)("keeps serving the last prices while pricing fails, flags them stale, then recovers", async () => {
    const good = await untilApiMatchesTruth(stack, 15_000);
    await simPost(stack, "/_sim/fault", { target: "coinmarketcap", mode: "status", status: 500 });
    await simPost(stack, "/_sim/tick");
    const stale = await waitFor(
      "pricing to turn stale",
      async () => {
        const body = await top(stack);
        return body.meta.pricing.stale ? body : undefined;
      },
      15_000,
    );
    // Every price is the last good one for that coin (the ranking may have moved since), and the
    // simulator's new prices, which pricing could not fetch, are not shown.
    const goodPrices = new Map(good.data.map((row) => [row.symbol, row.priceUsd]));
    const newTruth = new Map((await truth(stack, 200)).map((row) => [row.symbol, row.priceUsd]));
    let moved = 0;
    for (const row of stale.data) {
      if (goodPrices.has(row.symbol)) expect(row.priceUsd, row.symbol).toBe(goodPrices.get(row.symbol));
      if (row.priceUsd !== null && newTruth.get(row.symbol) !== row.priceUsd) moved++;
    }
    expect(moved).toBeGreaterThan(0);
    expect(stale.meta.pricing.lastError).toMatch(/unavailable/);
    const health = await fetch(`${stack.webUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe("degraded");

    const cleared = await fetch(`${stack.simUrl}/_sim/fault`, { method: "DELETE" });
    expect(cleared.ok).toBe(true);
    const recovered = await untilApiMatchesTruth(stack, 20_000);
    expect(recovered.meta.pricing.stale).toBe(false);
    expect(recovered.meta.pricing.lastError).toBeNull();
  });
});
