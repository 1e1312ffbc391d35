// CoinMarketCap's free text is cleaned as its bodies are parsed: a hostile listing keeps its
// printable part, one with no printable symbol or name is left out, and its neighbours stay.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../lib/log";
import { classifyCoinMarketCap } from "../../../../lib/providers/coinmarketcap/classify";
import { fetchCoinMarketCapMap } from "../../../../lib/providers/coinmarketcap/identity";
import { cmcListingsSchema, cmcQuotesSchema } from "../../../../lib/providers/coinmarketcap/schema";
import { setUpstreamTextLogger } from "../../../../lib/providers/shared/text-report";
import { loadFixture, recordingSleep, sendJson, setupLocalServer } from "../../../support/http-server";

const NAME = "\u001b]0;pwned\u0007Evil\u001b[2J Coin\u202e";
const SYMBOL = "\u001b[31mEVL\u0007\u009b2J";
const ONLY_CONTROLS = "\u001b[2J\u0007\u0000\u202e";

type Item = Record<string, unknown>;
const listings = () =>
  loadFixture(
    path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"),
    "listings-success.json",
  ) as { status: Item; data: Item[] };

beforeAll(() => setUpstreamTextLogger(createLogger("test", "silent")));
afterAll(() => setUpstreamTextLogger(null));

describe("cmcListingsSchema with hostile text", () => {
  it("cleans a hostile listing, leaves out one with nothing printable, and keeps the others", () => {
    const body = listings();
    const [btc, eth, third] = body.data;
    body.data = [
      btc as Item,
      {
        ...eth,
        symbol: SYMBOL,
        name: NAME,
        slug: "evil\u001b[2J-coin",
        platform: { name: "Ether\u202eeum", slug: "ether\u0000eum", token_address: "0xabc\u0007" },
      },
      { ...third, id: 9001, symbol: ONLY_CONTROLS },
      { ...third, id: 9002, name: ONLY_CONTROLS },
      third as Item,
    ];
    const parsed = cmcListingsSchema.parse(body);
    expect(parsed.data.map((item) => item.id)).toEqual([btc?.id, eth?.id, third?.id]);
    expect(parsed.data[1]).toMatchObject({
      symbol: "EVL",
      name: "Evil Coin",
      slug: "evil-coin",
      platform: { name: "Ethereum", slug: "ethereum", token_address: "0xabc" },
    });
    expect(parsed.data[0]).toMatchObject({ id: 1, symbol: "BTC", name: "Bitcoin", slug: "bitcoin" });
  });

  it("still fails the body for a listing of the wrong shape", () => {
    const body = listings();
    body.data[1] = { ...body.data[1], symbol: 42 };
    expect(cmcListingsSchema.safeParse(body).success).toBe(false);
  });
});

describe("cmcQuotesSchema with hostile text", () => {
  it("reads an id's object and a symbol's array alike, cleaning and leaving out as a list does", () => {
    const [btc, eth, third] = listings().data;
    const parsed = cmcQuotesSchema.parse({
      status: listings().status,
      data: {
        "1": { ...btc, name: NAME },
        EVL: [
          { ...eth, symbol: SYMBOL },
          { ...third, symbol: ONLY_CONTROLS },
        ],
      },
    });
    expect(parsed.data["1"]?.map((item) => [item.symbol, item.name])).toEqual([["BTC", "Evil Coin"]]);
    expect(parsed.data.EVL?.map((item) => [item.id, item.symbol])).toEqual([[eth?.id, "EVL"]]);
  });
});

describe("CoinMarketCap's map with hostile text", () => {
  const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"));

  it("cleans a hostile coin and skips one with nothing printable, keeping the rest of the map", async () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/coinmarketcap"),
      "map.json",
    ) as { status: Item; data: Item[] };
    body.data[1] = { ...body.data[1], name: NAME, symbol: SYMBOL };
    body.data[2] = { ...body.data[2], name: ONLY_CONTROLS };
    server.handle((_req, res) => sendJson(res, 200, body));
    const result = await fetchCoinMarketCapMap({
      baseUrl: server.url,
      apiKey: "k",
      timeoutMs: 2_000,
      retries: 1,
      maxBodyBytes: 5_000_000,
      sleep: recordingSleep().sleep,
    });
    expect(result.skipped).toBe(1);
    expect(result.coins).toHaveLength(body.data.length - 1);
    expect(result.coins[1]).toMatchObject({ providerId: String(body.data[1]?.id), symbol: "EVL", name: "Evil Coin" });
    expect(result.coins.map((coin) => coin.providerId)).not.toContain(String(body.data[2]?.id));
  });
});

describe("CoinMarketCap's error_message", () => {
  it("reaches the error's message (and so lastError) cleaned", () => {
    const error = classifyCoinMarketCap({
      status: 401,
      headers: new Headers(),
      body: { status: { error_code: 1001, error_message: `bad key\u001b]0;pwned\u0007 \u202eyek` } },
    });
    expect(error?.message).toBe("coinmarketcap listings/latest: error 1001: bad key yek");
  });
});
