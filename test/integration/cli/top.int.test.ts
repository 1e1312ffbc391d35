import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../../harness/databases";
import { createLogger } from "../../../lib/log";
import { migrateToLatest, openStore, writeFxRates } from "../../../lib/store";
import { handleTop } from "../../../lib/web/top-handler";
import { loadOverridesFile, ViewStore } from "../../../lib/web/view-store";
import { NOW, runCli } from "../../support/cli-io";
import { seedStore } from "../../support/cli-seed";
import { type LocalServer, sendJson, sendText, startLocalServer } from "../../support/http-server";
import { storeTargets } from "../../support/store-suite";

const TABLE = [
  "RANK  SYMBOL  NAME         ID                 PRICE     24H  MARKET CAP",
  "   1  BTC     Bitcoin      bitcoin       $97,123.46  -1.50%      $1.93T",
  "   2  ETH     Ethereum     ethereum       $3,456.78  +2.35%       $416B",
  "   3  ABC     AlphaBeta    alphabeta          $0.02  +3.00%         $2M  ≠ The ranking provider's own price is $0.012, 66.67% away from this one",
  "   4  WINGS   Wings        wings                  —       —           —  not listed: coinmarketcap lists no coin with symbol WINGS, name Wings or its contract in its 7 listings",
  "   5  SHIB    Shiba Inu    shiba-inu    $0.00000012       —      $70.7B  ≠ The ranking provider's own price is $0.00000015, 20.00% away from this one",
  "   6  NEWC    New Coin     new-coin               —       —           —  ambiguous: no coinmarketcap coin is this one on the evidence: NWC (New Coin, id 7777): name agrees; prices <0.1% apart, market caps differ 5.0×",
  "   7  LMD     Lumen Drift  lumen-drift            —       —           —  not listed: no coinmarketcap coin is this one on the evidence: LMD (Quarry Stone, id 30001): symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
  "",
  "Ranking by cryptocompare, checked 30 s ago; prices by coinmarketcap, checked 3 min ago (stale).",
  "",
].join("\n");

const CSV_3 = "Rank,Symbol,Price USD\r\n1,BTC,97123.456789\r\n2,ETH,3456.78\r\n3,ABC,0.02\r\n";

describe.each(storeTargets)("topcoins top from the store on $name", (target) => {
  describe.skipIf(target.skip !== null)("with seeded snapshots", () => {
    let database: TestDatabase;
    let env: Record<string, string>;
    beforeAll(async () => {
      database = await target.create();
      await seedStore(database.url);
      env = { DATABASE_URL: database.url };
    });
    afterAll(() => database.drop());

    it("prints the merged list as an aligned table, with reasons for the rows without a price", async () => {
      expect(await runCli(["top"], env)).toEqual({ code: 0, stdout: TABLE, stderr: "" });
    });

    it("prints the table's first rows for --limit", async () => {
      const { code, stdout } = await runCli(["top", "--limit", "2"], env);
      expect(code).toBe(0);
      expect(stdout.split("\n").slice(0, 4)).toEqual([
        "RANK  SYMBOL  NAME      ID             PRICE     24H  MARKET CAP",
        "   1  BTC     Bitcoin   bitcoin   $97,123.46  -1.50%      $1.93T",
        "   2  ETH     Ethereum  ethereum   $3,456.78  +2.35%       $416B",
        "",
      ]);
    });

    it("prints the API's CSV: plain decimals, an empty field for a missing price", async () => {
      expect(await runCli(["top", "--format", "csv", "--limit", "3"], env)).toEqual({
        code: 0,
        stdout: CSV_3,
        stderr: "",
      });
      const all = await runCli(["top", "-f", "csv"], env);
      expect(all.stdout).toBe(`${CSV_3}4,WINGS,\r\n5,SHIB,0.00000012\r\n6,NEWC,\r\n7,LMD,\r\n`);
    });

    it("takes the API's query options: filter, sort, page and columns, by the API's rules", async () => {
      expect(
        await runCli(
          [
            "top",
            "-f",
            "csv",
            "--symbols",
            "shib,btc,wings",
            "--sort",
            "priceUsd",
            "--fields",
            "rank,symbol,name,priceUsd",
          ],
          env,
        ),
      ).toEqual({
        code: 0,
        stdout:
          "Rank,Symbol,Name,Price USD\r\n1,BTC,Bitcoin,97123.456789\r\n5,SHIB,Shiba Inu,0.00000012\r\n4,WINGS,Wings,\r\n",
        stderr: "",
      });
      const page = await runCli(["top", "--sort", "name", "--offset", "3", "--limit", "2"], env);
      expect(page.code).toBe(0);
      expect(
        page.stdout
          .split("\n")
          .slice(1, 3)
          .map((line) => line.trim().split(/\s+/).slice(0, 2)),
      ).toEqual([
        ["7", "LMD"],
        ["6", "NEWC"],
      ]);
      const json = JSON.parse(
        (await runCli(["top", "-f", "json", "--ids", "ethereum", "--fields", "id,priceUsd"], env)).stdout,
      );
      expect([json.data, json.meta.total, json.meta.offset]).toEqual([[{ id: "ethereum", priceUsd: 3456.78 }], 1, 0]);
      expect(await runCli(["top", "--sort", "price"], env)).toMatchObject({
        code: 2,
        stderr: expect.stringContaining("topcoins top: sort must be one of rank, name, symbol, priceUsd,"),
      });
      expect(await runCli(["top", "--fields", "rank"], env)).toMatchObject({
        code: 2,
        stderr: expect.stringContaining("--fields chooses the keys of --format json or the columns of --format csv"),
      });
    });

    it("prints the API's JSON body", async () => {
      const { code, stdout, stderr } = await runCli(["top", "--format", "json", "--limit", "5"], env);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(stdout.endsWith("}\n")).toBe(true);
      const body = JSON.parse(stdout);
      expect(
        body.data.map((row: { symbol: string; priceUsd: number | null; priceStatus: string }) => [
          row.symbol,
          row.priceUsd,
          row.priceStatus,
        ]),
      ).toEqual([
        ["BTC", 97_123.456789, "ok"],
        ["ETH", 3456.78, "ok"],
        ["ABC", 0.02, "ok"],
        ["WINGS", null, "not_listed"],
        ["SHIB", 1.2e-7, "ok"],
      ]);
      expect(body.data[0]).toMatchObject({
        rank: 1,
        id: "bitcoin",
        rankingId: "1182",
        pricingId: "1",
        matchedBy: "evidence",
        matchEvidence: "symbol, name and market agree",
        priceSource: "listing",
      });
      expect(body.data[4].priceCheck).toEqual({ referenceUsd: 1.5e-7, divergencePct: 20, flagged: true });
      expect(body.meta).toMatchObject({
        limit: 5,
        count: 5,
        depth: 200,
        generatedAt: NOW.toISOString(),
        simulated: false,
        ranking: { provider: "cryptocompare", ageSeconds: 30, stale: false },
        pricing: { provider: "coinmarketcap", ageSeconds: 200, stale: true },
        merge: { matched: 4, ambiguous: 1, notListed: 2, byRule: { id: 0, override: 0, contract: 0, evidence: 4 } },
      });
    });
  });
});

describe("topcoins top from a store without data", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });
  const fresh = async () => {
    const database = await createSqliteDatabase();
    databases.push(database);
    return database.url;
  };

  it("says the store file does not exist (and does not create it): exit 1", async () => {
    const url = await fresh();
    const file = url.slice("file:".length);
    expect(await runCli(["top"], { DATABASE_URL: url })).toEqual({
      code: 1,
      stdout: "",
      stderr: `topcoins top: there is no store at ${file} yet: start the stack once (\`npm start\`, or \`npm run demo\` offline) or run \`npm run db:migrate\`\n`,
    });
    expect((await runCli(["top"], { DATABASE_URL: url })).code).toBe(1);
  });

  it("names the snapshots it waits for: exit 1", async () => {
    const empty = await fresh();
    const store = openStore(empty);
    await migrateToLatest(store.db);
    await store.close();
    const hint = "the services write them: start the stack (`npm start`, or `npm run demo` offline)";
    expect(await runCli(["top"], { DATABASE_URL: empty })).toEqual({
      code: 1,
      stdout: "",
      stderr: `topcoins top: the store ${empty} has no data yet: waiting for the first ranking and pricing snapshot; ${hint}\n`,
    });
    const rankedOnly = await fresh();
    await seedStore(rankedOnly, { pricing: false });
    expect((await runCli(["top", "--format", "csv"], { DATABASE_URL: rankedOnly })).stderr).toBe(
      `topcoins top: the store ${rankedOnly} has no data yet: waiting for the first pricing snapshot; ${hint}\n`,
    );
  });

  it("reports an unreachable PostgreSQL server: exit 1", async () => {
    const result = await runCli(["top"], { DATABASE_URL: "postgres://topcoins:secret@127.0.0.1:1/none" });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      // The view migrates the store first, as the web does, so the first query is the migration's.
      stderr:
        "topcoins top: cannot read the store postgres://topcoins:***@127.0.0.1:1/none: Database migration failed: store postgres://topcoins:***@127.0.0.1:1/none: cannot connect (connect ECONNREFUSED 127.0.0.1:1)\n",
    });
  });
});

/** A local HTTP server answering /api/top with the web's own handler over a view of `url`. */
async function serveTop(url: string): Promise<{ server: LocalServer; viewStore: ViewStore }> {
  const viewStore = new ViewStore({
    store: openStore(url),
    overrides: loadOverridesFile("config/overrides.json"),
    depth: 200,
    staleFactor: 3,
    logger: createLogger("test", "silent"),
    now: () => NOW,
  });
  await viewStore.refresh();
  const toHeaders = (headers: IncomingHttpHeaders) =>
    Object.entries(headers).flatMap(([name, value]) =>
      typeof value === "string" ? [[name, value] as [string, string]] : [],
    );
  const server = await startLocalServer((req, res) => {
    const response = handleTop(
      new Request(`http://web.test${req.url}`, { headers: toHeaders(req.headers) }),
      viewStore,
      200,
    );
    void response.text().then((body) => sendText(res, response.status, body, Object.fromEntries(response.headers)));
  });
  return { server, viewStore };
}

describe("topcoins top --url, against a server answering with the web's /api/top handler", () => {
  let database: TestDatabase;
  let emptyDatabase: TestDatabase;
  let web: { server: LocalServer; viewStore: ViewStore };
  let emptyWeb: { server: LocalServer; viewStore: ViewStore };
  let storeEnv: Record<string, string>;
  beforeAll(async () => {
    database = await createSqliteDatabase();
    await seedStore(database.url);
    storeEnv = { DATABASE_URL: database.url };
    web = await serveTop(database.url);
    emptyDatabase = await createSqliteDatabase();
    emptyWeb = await serveTop(emptyDatabase.url);
  });
  afterAll(async () => {
    for (const { server, viewStore } of [web, emptyWeb]) {
      await server.close();
      await viewStore.stop();
    }
    await database.drop();
    await emptyDatabase.drop();
  });

  it("draws the same table from the server's JSON as from the store", async () => {
    expect(await runCli(["top", "--url", web.server.url])).toEqual({ code: 0, stdout: TABLE, stderr: "" });
    expect(web.server.requests.map((request) => request.url)).toEqual(["/api/top?format=json"]);
  });

  it("prints the server's CSV and JSON bodies as sent, asking for the limit and the format", async () => {
    web.server.requests.length = 0;
    expect(await runCli(["top", "--url", `${web.server.url}/`, "--format", "csv", "--limit", "3"])).toEqual({
      code: 0,
      stdout: CSV_3,
      stderr: "",
    });
    const remote = await runCli(["top", "--url", web.server.url, "--format", "json", "--limit", "4"]);
    const local = await runCli(["top", "--format", "json", "--limit", "4"], storeEnv);
    expect(remote).toEqual({ code: 0, stdout: local.stdout, stderr: "" });
    expect(web.server.requests.map((request) => request.url)).toEqual([
      "/api/top?limit=3&format=csv",
      "/api/top?limit=4&format=json",
    ]);
  });

  it("passes the query options to the server as the API's parameters", async () => {
    web.server.requests.length = 0;
    const args = ["--symbols", "ETH,BTC", "--fields", "rank,symbol,priceUsd", "--sort", "priceUsd", "--order", "asc"];
    const remote = await runCli(["top", "--url", web.server.url, "-f", "csv", ...args]);
    expect(remote).toEqual({
      code: 0,
      stdout: "Rank,Symbol,Price USD\r\n2,ETH,3456.78\r\n1,BTC,97123.456789\r\n",
      stderr: "",
    });
    expect(remote.stdout).toBe((await runCli(["top", "-f", "csv", ...args], storeEnv)).stdout);
    expect(web.server.requests.map((request) => request.url)).toEqual([
      "/api/top?sort=priceUsd&order=asc&symbols=ETH%2CBTC&fields=rank%2Csymbol%2CpriceUsd&format=csv",
    ]);
  });

  it("prints the server's refusal and exits 1", async () => {
    expect(await runCli(["top", "--url", web.server.url, "--limit", "500"])).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'topcoins top: the server answered HTTP 400 invalid_limit: limit must be an integer from 1 to 200; got "500"\n',
    });
    expect(await runCli(["top", "--url", emptyWeb.server.url, "--format", "csv"])).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "topcoins top: the server answered HTTP 503 no_data: no data yet: waiting for the first ranking and pricing snapshot\n",
    });
  });

  it("exits 1 on answers that are not Top Coins answers, and on no answer at all", async () => {
    const other = await startLocalServer((_req, res) =>
      sendText(res, 502, "<html>Bad gateway</html>", { "content-type": "text/html" }),
    );
    try {
      expect((await runCli(["top", "--url", other.url])).stderr).toBe(
        "topcoins top: the server answered HTTP 502 without the standard error body\n",
      );
      other.handle((_req, res) => sendJson(res, 200, { hello: "world" }));
      expect(await runCli(["top", "--url", other.url, "--format", "json"])).toEqual({
        code: 1,
        stdout: "",
        stderr: `topcoins top: the server's answer is not a Top Coins /api/top body (${other.url}/api/top?format=json)\n`,
      });
      // Never answers: the configured timeout ends the wait.
      other.handle(() => undefined);
      expect(await runCli(["top", "--url", other.url], { HTTP_TIMEOUT_MS: "200" })).toEqual({
        code: 1,
        stdout: "",
        stderr: `topcoins top: cannot reach ${other.url}: no answer within 200 ms\n`,
      });
    } finally {
      await other.close();
    }
    // A port nothing listens on any more (and no pooled connection to it).
    const gone = await startLocalServer();
    await gone.close();
    expect(await runCli(["top", "--url", gone.url])).toEqual({
      code: 1,
      stdout: "",
      stderr: `topcoins top: cannot reach ${gone.url}: ECONNREFUSED\n`,
    });
  });
});

describe("topcoins top --url, against an older server whose answers carry raw control characters", () => {
  const NAME = "\u001b]0;pwned\u0007Evil\u001b[2J Coin\u202e";
  const SYMBOL = "\u001b[31mEVL\u0007\u009b2J";
  const source = { provider: "crypto\u001b[5mcompare", ageSeconds: 30, stale: false };
  const body = {
    data: [
      {
        rank: 1,
        id: "evil\u202e-coin",
        symbol: SYMBOL,
        name: NAME,
        priceUsd: null,
        priceStatus: "not_listed",
        priceReason: "no coin\u0007 named \u001b]52;c;eA==\u0007Evil",
        change24hPct: null,
        marketCapUsd: null,
        priceCheck: null,
      },
    ],
    meta: { simulated: false, ranking: source, pricing: source },
  };
  // Any C0 but the line feed, DEL, C1, bidi controls: what a terminal may act on.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  let old: LocalServer;
  beforeAll(async () => {
    old = await startLocalServer((req, res) => {
      if (req.url?.includes("format=csv")) sendText(res, 200, `Rank,Symbol,Price USD\r\n1,${SYMBOL},\r\n`);
      else sendText(res, 200, JSON.stringify(body), { "content-type": "application/json" });
    });
  });
  afterAll(() => old.close());

  it("draws the table from the cleaned text", async () => {
    const { code, stdout } = await runCli(["top", "--url", old.url]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(UNSAFE);
    expect(stdout.split("\n").slice(0, 2)).toEqual([
      "RANK  SYMBOL  NAME       ID         PRICE  24H  MARKET CAP",
      "   1  EVL     Evil Coin  evil-coin      —    —           —  not listed: no coin named Evil",
    ]);
    expect(stdout).toContain("Ranking by cryptocompare, checked 30 s ago; prices by cryptocompare");
  });

  it("prints the CSV cleaned, line ends kept, and the JSON with the unsafe characters escaped", async () => {
    expect(await runCli(["top", "--url", old.url, "--format", "csv"])).toEqual({
      code: 0,
      stdout: "Rank,Symbol,Price USD\r\n1,EVL,\r\n",
      stderr: "",
    });
    const json = await runCli(["top", "--url", old.url, "--format", "json"]);
    expect(json.stdout).not.toMatch(UNSAFE);
    expect(JSON.parse(json.stdout)).toEqual(body);
  });
});

describe("topcoins top --vs, from the store", () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createSqliteDatabase();
    await seedStore(database.url);
    const store = openStore(database.url);
    await writeFxRates(store.db, {
      provider: "coingecko",
      perUsd: { USD: 1, EUR: 0.92, SATS: 1030.5 },
      at: new Date(NOW.getTime() - 60_000),
      intervalSeconds: 300,
      simulated: false,
    });
    await store.close();
    env = { DATABASE_URL: database.url };
  });
  afterAll(() => database.drop());

  it("prints prices and market caps in the currency, and where its rate came from", async () => {
    const { code, stdout } = await runCli(["top", "--limit", "2", "--vs", "eur"], env);
    expect(code).toBe(0);
    expect(stdout.split("\n")).toEqual([
      "RANK  SYMBOL  NAME      ID             PRICE     24H  MARKET CAP",
      "   1  BTC     Bitcoin   bitcoin   €89,353.58  -1.50%      €1.78T",
      "   2  ETH     Ethereum  ethereum   €3,180.24  +2.35%       €383B",
      "",
      "Ranking by cryptocompare, checked 30 s ago; prices by coinmarketcap, checked 3 min ago (stale).",
      "Prices in EUR at coingecko exchange rates, checked 1 min ago.",
      "",
    ]);
  });

  it("prints the API's CSV with the currency in the header, and its JSON with meta.currency", async () => {
    expect(await runCli(["top", "-f", "csv", "--limit", "2", "--vs", "EUR"], env)).toEqual({
      code: 0,
      stdout: "Rank,Symbol,Price EUR\r\n1,BTC,89353.58024588\r\n2,ETH,3180.2376\r\n",
      stderr: "",
    });
    const json = JSON.parse((await runCli(["top", "-f", "json", "--limit", "1", "--vs", "SATS"], env)).stdout);
    expect(json.data[0]).toMatchObject({ symbol: "BTC", priceUsd: 97123.456789, price: 100085722.221065 });
    expect(json.meta.currency).toMatchObject({ code: "SATS", kind: "crypto", perUsd: 1030.5, source: "coingecko" });
  });

  it("says why it cannot convert, and refuses an unknown currency as a usage error", async () => {
    expect(await runCli(["top", "--vs", "GBP"], env)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "topcoins top: no GBP rate yet: coingecko's exchange-rate table has no usable rate for GBP; USD prices are served without vs\n",
    });
    const unknown = await runCli(["top", "--vs", "EURO"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/vs must be a currency code: USD, EUR, .* \(any case\); got "EURO"/);
  });
});
