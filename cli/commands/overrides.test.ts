import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { runCli } from "../../test/support/cli-io";
import { seedStore } from "../../test/support/cli-seed";

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

  it("lists the ambiguous and unlisted coins with the evidence about each candidate and override entries: exit 0", async () => {
    expect(await runCli(["overrides", "suggest"], { DATABASE_URL: database.url })).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Latest merge: ranking snapshot #1 (cryptocompare), price snapshot #1 (coinmarketcap), overrides from config/overrides.json.",
        '3 ranked coin(s) have no price: 1 ambiguous, 2 not listed. Check both providers\' pages before adding an entry to the "overrides" array.',
        "",
        '#4 WINGS "Wings" (cryptocompare id 2001, market cap $1M)',
        "  not listed: coinmarketcap lists no coin with symbol WINGS, name Wings or its contract in its 7 listings",
        "  no candidate: nothing in the 7 coins of coinmarketcap's price list (its coin list is not fetched yet) shares this coin's symbol, a name word or a contract",
        "",
        '#6 NEWC "New Coin" (cryptocompare id 9100, market cap $2M)',
        "  ambiguous: no coinmarketcap coin is this one on the evidence: NWC (New Coin, id 7777): name agrees; prices <0.1% apart, market caps differ 5.0×",
        "  candidates (strongest evidence first):",
        "    id 7777  NWC  New Coin  market cap $10M  name agrees; prices <0.1% apart, market caps differ 5.0×",
        "  override entry:",
        "    {",
        '      "ranking": { "provider": "cryptocompare", "id": "9100" },',
        '      "pricing": { "provider": "coinmarketcap", "id": "7777" },',
        '      "note": "New Coin (NEWC) at cryptocompare is New Coin (NWC, id 7777) at coinmarketcap: name agrees; prices <0.1% apart, market caps differ 5.0×."',
        "    }",
        "",
        // The unique-symbol trap: the one LMD listing is another asset, and the reason says why.
        '#7 LMD "Lumen Drift" (cryptocompare id 800, market cap $42M)',
        "  not listed: no coinmarketcap coin is this one on the evidence: LMD (Quarry Stone, id 30001): symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
        "  candidates (strongest evidence first):",
        "    id 30001  LMD  Quarry Stone  market cap $0  symbol agrees; names share no word; prices differ 41×; market cap 0 at coinmarketcap against $42M",
        "  no entry: the evidence contradicts every candidate, so none is this coin; if it is listed under another symbol and name, write an entry by hand with that listing's id",
        "",
      ].join("\n"),
    });
  });

  it("prints an entry that, once added to the overrides file, prices the coin", async () => {
    const first = await runCli(["overrides", "suggest"], { DATABASE_URL: database.url });
    // Keep NEWC's entry, as an operator would after checking both providers' pages.
    const block = first.stdout.split("\n    {\n")[1] ?? "";
    const entry = JSON.parse(`{\n${block.split("\n    }")[0]}\n}`);
    const dir = path.dirname(database.url.slice("file:".length));
    const file = path.join(dir, "overrides.json");
    writeFileSync(file, JSON.stringify({ overrides: [entry] }));
    const second = await runCli(["overrides", "suggest"], { DATABASE_URL: database.url, OVERRIDES_FILE: file });
    expect(second.stdout.split("\n").slice(0, 2)).toEqual([
      `Latest merge: ranking snapshot #1 (cryptocompare), price snapshot #1 (coinmarketcap), overrides from ${file}.`,
      '2 ranked coin(s) have no price: 0 ambiguous, 2 not listed. Check both providers\' pages before adding an entry to the "overrides" array.',
    ]);
    expect(second.stdout).not.toContain("NEWC");
    const top = await runCli(["top", "--format", "csv"], { DATABASE_URL: database.url, OVERRIDES_FILE: file });
    expect(top.stdout).toBe(
      "Rank,Symbol,Price USD\r\n1,BTC,97123.456789\r\n2,ETH,3456.78\r\n3,ABC,0.02\r\n4,WINGS,\r\n5,SHIB,0.00000012\r\n6,NEWC,5\r\n7,LMD,\r\n",
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
      JSON.stringify({ overrides: [entry("2001", "3001"), entry("9100", "7777"), entry("800", "30001")] }),
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
        "topcoins overrides suggest: cannot read the store postgres://127.0.0.1:1/none: store postgres://127.0.0.1:1/none: cannot connect (connect ECONNREFUSED 127.0.0.1:1)\n",
    });
  });
});
