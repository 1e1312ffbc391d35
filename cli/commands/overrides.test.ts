import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../lib/store/test-support/test-databases";
import { runCli } from "../test-support/cli-io";
import { seedStore } from "../test-support/seed";

const HINT = "the services write them: start the stack (`npm start`, or `npm run demo` offline)";

describe("topcoins overrides suggest", () => {
  let database: TestDatabase;
  let empty: TestDatabase;
  let rankedOnly: TestDatabase;
  beforeAll(async () => {
    database = await createSqliteDatabase();
    await seedStore(database.url);
    empty = await createSqliteDatabase();
    await seedStore(empty.url, { ranking: false, pricing: false });
    rankedOnly = await createSqliteDatabase();
    await seedStore(rankedOnly.url, { pricing: false });
  });
  afterAll(async () => {
    for (const each of [database, empty, rankedOnly]) await each.drop();
  });

  it("lists the ambiguous and unlisted coins with their candidates and override entries: exit 0", async () => {
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: database.url })).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Latest merge: ranking snapshot #1 (cryptocompare), price snapshot #1 (coinmarketcap), overrides from config/overrides.json.",
        '3 ranked coin(s) have no price: 1 ambiguous, 2 not listed. Check both providers\' pages before adding an entry to the "overrides" array.',
        "",
        '#3 ABC "AlphaBeta" (cryptocompare id 5001, market cap $1.2M)',
        "  ambiguous: 2 coinmarketcap coins use symbol ABC; none is the only one matching by name or by market cap",
        "  candidates (closest market cap first):",
        "    id 3001  ABC  ABC Token        market cap $1.1M  cap ratio 0.92  same symbol",
        "    id 3002  ABC  AlphaBeta Chain  market cap $2M    cap ratio 1.67  same symbol",
        "  override entries (keep only the right one):",
        "    {",
        '      "ranking": { "provider": "cryptocompare", "id": "5001" },',
        '      "pricing": { "provider": "coinmarketcap", "id": "3001" },',
        '      "note": "AlphaBeta (ABC) at cryptocompare is ABC Token (ABC, id 3001) at coinmarketcap, market cap ratio 0.92."',
        "    },",
        "    {",
        '      "ranking": { "provider": "cryptocompare", "id": "5001" },',
        '      "pricing": { "provider": "coinmarketcap", "id": "3002" },',
        '      "note": "AlphaBeta (ABC) at cryptocompare is AlphaBeta Chain (ABC, id 3002) at coinmarketcap, market cap ratio 1.67."',
        "    }",
        "",
        '#4 WINGS "Wings" (cryptocompare id 2001, market cap $1M)',
        "  not listed: coinmarketcap lists no coin with symbol WINGS or name Wings in its top 6",
        "  no candidate: none of the 6 coinmarketcap coins in the price list has this symbol or name; it may be listed further down (raise PRICING_DEPTH) or not at all",
        "",
        '#6 NEWC "New Coin" (cryptocompare id 9100, market cap $2M)',
        "  not listed: coinmarketcap lists no coin with symbol NEWC or name New Coin in its top 6",
        "  candidates (closest market cap first):",
        "    id 7777  NWC  New Coin  market cap $10M  cap ratio 5.00  same name",
        "  override entry:",
        "    {",
        '      "ranking": { "provider": "cryptocompare", "id": "9100" },',
        '      "pricing": { "provider": "coinmarketcap", "id": "7777" },',
        '      "note": "New Coin (NEWC) at cryptocompare is New Coin (NWC, id 7777) at coinmarketcap, market cap ratio 5.00."',
        "    }",
        "",
      ].join("\n"),
    });
  });

  it("prints entries that, once added to the overrides file, price the coins: then nothing is left to suggest", async () => {
    const first = await runCli(["overrides", "suggest"], { DATABASE_URL: database.url });
    // Keep ABC's first candidate and NEWC's entry, as an operator would after checking them.
    const blocks = first.stdout.split("\n    {\n").slice(1);
    const entries = [blocks[0], blocks[2]].map((block) => JSON.parse(`{\n${(block ?? "").split("\n    }")[0]}\n}`));
    const dir = path.dirname(database.url.slice("file:".length));
    const file = path.join(dir, "overrides.json");
    writeFileSync(file, JSON.stringify({ overrides: entries }));
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: database.url, OVERRIDES_FILE: file })).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        `Latest merge: ranking snapshot #1 (cryptocompare), price snapshot #1 (coinmarketcap), overrides from ${file}.`,
        '1 ranked coin(s) have no price: 0 ambiguous, 1 not listed. Check both providers\' pages before adding an entry to the "overrides" array.',
        "",
        '#4 WINGS "Wings" (cryptocompare id 2001, market cap $1M)',
        "  not listed: coinmarketcap lists no coin with symbol WINGS or name Wings in its top 6",
        "  no candidate: none of the 6 coinmarketcap coins in the price list has this symbol or name; it may be listed further down (raise PRICING_DEPTH) or not at all",
        "",
      ].join("\n"),
    });
    const top = await runCli(["top", "--format", "csv"], { DATABASE_URL: database.url, OVERRIDES_FILE: file });
    expect(top.stdout).toBe(
      "Rank,Symbol,Price USD\r\n1,BTC,97123.456789\r\n2,ETH,3456.78\r\n3,ABC,0.011\r\n4,WINGS,\r\n5,SHIB,0.00000012\r\n6,NEWC,5\r\n",
    );
  });

  it("says when every coin has a price: exit 0", async () => {
    const dir = path.dirname(database.url.slice("file:".length));
    const file = path.join(dir, "all.json");
    const entry = (rankingId: string, pricingId: string) => ({
      ranking: { provider: "cryptocompare", id: rankingId },
      pricing: { provider: "coinmarketcap", id: pricingId },
    });
    // WINGS has no candidate at all; pointing it at some listed id is enough to price every row here.
    writeFileSync(
      file,
      JSON.stringify({ overrides: [entry("5001", "3002"), entry("2001", "3001"), entry("9100", "7777")] }),
    );
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: database.url, OVERRIDES_FILE: file })).toEqual({
      code: 0,
      stderr: "",
      stdout: `Latest merge: ranking snapshot #1 (cryptocompare), price snapshot #1 (coinmarketcap), overrides from ${file}.\nEvery ranked coin has a price: nothing to suggest.\n`,
    });
  });

  it("exits 1 when the store has no snapshots, naming the missing ones", async () => {
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: empty.url })).toEqual({
      code: 1,
      stdout: "",
      stderr: `topcoins overrides suggest: the store ${empty.url} has no ranking and no price snapshot yet: ${HINT}\n`,
    });
    expect((await runCli(["overrides", "suggest"], { DATABASE_URL: rankedOnly.url })).stderr).toBe(
      `topcoins overrides suggest: the store ${rankedOnly.url} has no price snapshot yet: ${HINT}\n`,
    );
  });

  it("exits 1 when there is no store, and when the store cannot be read", async () => {
    const missing = `${path.dirname(database.url.slice("file:".length))}/missing/store.db`;
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: `file:${missing}` })).toEqual({
      code: 1,
      stdout: "",
      stderr: `topcoins overrides suggest: there is no store at ${missing} yet: start the stack once (\`npm start\`, or \`npm run demo\` offline) or run \`npm run db:migrate\`\n`,
    });
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: "postgres://127.0.0.1:1/none" })).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "topcoins overrides suggest: cannot read the store postgres://127.0.0.1:1/none: connect ECONNREFUSED 127.0.0.1:1\n",
    });
  });
});
