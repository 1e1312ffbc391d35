// The API against its contract, over real HTTP, on SQLite and PostgreSQL: every endpoint with good
// and bad parameters. Each answer is checked against the OpenAPI document here (the same check the
// integration project's setup file applies to every test's answers), and its status and key values
// are asserted. The served document must be the one the code builds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/web/openapi";
import { ContractChecker } from "@/test/support/contract";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../../harness/databases";
import { type RunningStack, startStack } from "../../../harness/stack";

const document = buildOpenApiDocument(200);
const checker = new ContractChecker(document);

interface Checked {
  status: number;
  contentType: string | null;
  text: string;
  violations: string[];
  headers: Headers;
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const databases: Array<{ name: string; skip: boolean; create: () => Promise<TestDatabase> }> = [
  { name: "SQLite", skip: false, create: createSqliteDatabase },
  { name: "PostgreSQL", skip: !TEST_DATABASE_URL, create: () => createPostgresDatabase(TEST_DATABASE_URL ?? "") },
];
if (!TEST_DATABASE_URL) console.warn("[contract.int] TEST_DATABASE_URL is not set: the PostgreSQL tests are skipped");

describe.each(databases)("the API's answers against its contract on $name", ({ skip, create }) => {
  let stack: RunningStack;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    if (skip) return;
    const database = await create();
    cleanup = () => database.drop();
    stack = await startStack({ databaseUrl: database.url, refreshSeconds: 5 });
  });

  afterAll(async () => {
    await stack?.stop();
    await cleanup();
  });

  async function call(path: string, init: RequestInit = {}): Promise<Checked> {
    const method = init.method ?? "GET";
    const response = await fetch(`${stack.webUrl}${path}`, { redirect: "manual", ...init });
    const text = await response.text();
    const contentType = response.headers.get("content-type");
    const violations = checker.check({
      method,
      url: `${stack.webUrl}${path}`,
      status: response.status,
      contentType,
      body: method === "HEAD" ? null : text,
    });
    return { status: response.status, contentType, text, violations, headers: response.headers };
  }

  /** Calls each path and returns [path, status, code of an error body] with no violation allowed. */
  async function statuses(paths: string[], init?: RequestInit): Promise<Array<[string, number, string | null]>> {
    const seen: Array<[string, number, string | null]> = [];
    for (const path of paths) {
      const answer = await call(path, init);
      expect(answer.violations, path).toEqual([]);
      const code = answer.status >= 400 ? (JSON.parse(answer.text) as { error: { code: string } }).error.code : null;
      seen.push([path, answer.status, code]);
    }
    return seen;
  }

  it.skipIf(skip)("serves the document the code builds, with an ETag and a 304", async () => {
    const first = await call("/api/openapi.json");
    expect([first.status, first.contentType, first.violations]).toEqual([200, "application/json; charset=utf-8", []]);
    expect(JSON.parse(first.text)).toEqual(document);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await call("/api/openapi.json", { headers: { "if-none-match": etag } });
    expect([again.status, again.text, again.violations]).toEqual([304, "", []]);
  });

  it.skipIf(skip)("answers /api/top's good queries as the contract says, JSON, CSV and HEAD", async () => {
    const json = await call("/api/top?limit=3&sort=marketCapUsd&fields=rank,id,symbol,priceUsd,categories");
    expect(json.violations).toEqual([]);
    const body = JSON.parse(json.text) as {
      data: Array<Record<string, unknown>>;
      meta: { count: number; sort: string };
    };
    expect(body.data.map((row) => Object.keys(row))).toEqual(
      Array(3).fill(["rank", "id", "symbol", "priceUsd", "categories"]),
    );
    expect([body.meta.count, body.meta.sort]).toEqual([3, "marketCapUsd"]);
    const full = await call("/api/top");
    expect([full.status, full.violations, (JSON.parse(full.text) as { data: unknown[] }).data.length]).toEqual([
      200,
      [],
      200,
    ]);
    const csv = await call("/api/top?limit=2&format=csv&symbols=BTC,ETH&exclude=stablecoins");
    expect([csv.status, csv.contentType, csv.violations]).toEqual([200, "text/csv; charset=utf-8; header=present", []]);
    expect(csv.text.split("\r\n")[0]).toBe("Rank,Symbol,Price USD");
    const head = await call("/api/top?limit=1", { method: "HEAD" });
    expect([head.status, head.text, head.violations]).toEqual([200, "", []]);
    const etag = full.headers.get("etag") ?? "";
    const unchanged = await call("/api/top", { headers: { "if-none-match": etag } });
    expect([unchanged.violations, [200, 304].includes(unchanged.status)]).toEqual([[], true]);
  });

  it.skipIf(skip)("answers /api/top's bad parameters with the 400 that names each", async () => {
    const bad = [
      "limit=abc",
      "offset=-1",
      "format=xml",
      "sort=price",
      "order=up",
      "ids=a%20b",
      "symbols=",
      "fields=nope",
      "min_market_cap=1e9",
      "min_volume=-5",
      "vs=XYZ",
      "exclude=memecoins",
    ];
    const seen = await statuses(bad.map((query) => `/api/top?${query}`));
    expect(seen.map(([, status, code]) => [status, code])).toEqual(
      [
        "limit",
        "offset",
        "format",
        "sort",
        "order",
        "ids",
        "symbols",
        "fields",
        "min_market_cap",
        "min_volume",
        "vs",
        "exclude",
      ].map((name) => [400, `invalid_${name}`]),
    );
  });

  it.skipIf(skip)("answers a coin, its history, its price and the sparklines, good and bad", async () => {
    const top = JSON.parse((await call("/api/top?limit=1")).text) as {
      data: Array<{ id: string; rankingId: string; symbol: string }>;
    };
    const [first] = top.data;
    const id = first?.id ?? "";
    const seen = await statuses([
      `/api/coins/${id}`,
      "/api/coins/a%20b",
      "/api/coins/not-a-coin",
      `/api/coins/${id}/history?range=24h`,
      `/api/coins/${id}/history?range=1y`,
      `/api/coins/${id}/history?range=2w`,
      `/api/price/${id}`,
      `/api/price/${first?.symbol.toLowerCase()}`,
      "/api/price/not-a-coin",
      "/api/price/a%20b",
      `/api/price/${id}?vs=XYZ`,
      "/api/sparklines?limit=5",
      "/api/sparklines?limit=0",
    ]);
    expect(seen.map(([, status, code]) => [status, code])).toEqual([
      [200, null],
      [400, "invalid_id"],
      [404, "not_found"],
      [200, null],
      [200, null],
      [400, "invalid_range"],
      [200, null],
      [200, null],
      [404, "not_found"],
      [400, "invalid_coin"],
      [400, "invalid_vs"],
      [200, null],
      [400, "invalid_limit"],
    ]);
    // A ranking provider's id: a redirect to the stable id, without a body.
    expect(first?.rankingId).not.toBe(id);
    const moved = await call(`/api/coins/${first?.rankingId}`);
    expect([moved.status, moved.headers.get("location"), moved.violations]).toEqual([308, `/api/coins/${id}`, []]);
  });

  it.skipIf(skip)("answers health, version, metrics, the cron refresh, unknown paths and other methods", async () => {
    const seen = await statuses(["/api/health", "/api/version", "/api/cron/refresh", "/api/nope", "/api/top/extra"]);
    expect(seen.map(([, status, code]) => [status, code])).toEqual([
      [200, null],
      [200, null],
      [503, "cron_disabled"],
      [404, "not_found"],
      [404, "not_found"],
    ]);
    const metrics = await call("/api/metrics");
    expect([metrics.status, metrics.violations, metrics.text.includes("topcoins_http_requests_total")]).toEqual([
      200,
      [],
      true,
    ]);
    const posted = await statuses(["/api/top", "/api/openapi.json"], { method: "POST" });
    expect(posted.map(([, status, code]) => [status, code])).toEqual([
      [405, "method_not_allowed"],
      [405, "method_not_allowed"],
    ]);
  });

  it.skipIf(skip)("reports a real answer changed to break the contract, with where it differs", async () => {
    const top = JSON.parse((await call("/api/top?limit=1&fields=id")).text) as { data: Array<{ id: string }> };
    const coin = await call(`/api/coins/${top.data[0]?.id}`);
    expect(coin.violations).toEqual([]);
    const body = JSON.parse(coin.text) as { data: Record<string, unknown>; meta: Record<string, unknown> };
    const { generatedAt: _dropped, ...meta } = body.meta;
    const wrong = { data: { ...body.data, rank: "1", extra: 1 }, meta };
    const violations = checker.check({
      method: "GET",
      url: `${stack.webUrl}/api/coins/${top.data[0]?.id}`,
      status: 200,
      contentType: coin.contentType,
      body: JSON.stringify(wrong),
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        "GET /api/coins/{id} 200: /data/rank must be integer",
        "GET /api/coins/{id} 200: /meta must have required property 'generatedAt'",
      ]),
    );
  });
});
