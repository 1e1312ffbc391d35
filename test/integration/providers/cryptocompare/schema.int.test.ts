// CryptoCompare's free text is cleaned as its bodies are parsed: a hostile coin keeps its printable
// part, one with no printable symbol or name is left out, and its neighbours stay.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../lib/log";
import { classifyCryptoCompare } from "../../../../lib/providers/cryptocompare/classify";
import { fetchCryptoCompareCoinList } from "../../../../lib/providers/cryptocompare/identity";
import { ccPricedToplistSchema, ccToplistSchema } from "../../../../lib/providers/cryptocompare/schema";
import { setUpstreamTextLogger } from "../../../../lib/providers/shared/text-report";
import { loadFixture, recordingSleep, sendJson, setupLocalServer } from "../../../support/http-server";

const NAME = "\u001b]0;pwned\u0007Evil\u001b[2J Coin\u202e";
const SYMBOL = "\u001b[31mEVL\u0007\u009b2J";
const ONLY_CONTROLS = "\u001b[2J\u0007\u0000\u202e";

type Coin = { CoinInfo: Record<string, unknown> } & Record<string, unknown>;
const renamed = (coin: Coin | undefined, info: Record<string, unknown>): Coin => ({
  ...(coin as Coin),
  CoinInfo: { ...coin?.CoinInfo, ...info },
});

beforeAll(() => setUpstreamTextLogger(createLogger("test", "silent")));
afterAll(() => setUpstreamTextLogger(null));

describe.each([
  ["ccToplistSchema", ccToplistSchema, "toplist-page-0.json"],
  ["ccPricedToplistSchema", ccPricedToplistSchema, "mktcapfull-priced.json"],
])("%s with hostile text", (_name, schema, fixture) => {
  it("cleans a hostile coin, leaves out one with nothing printable, and keeps the others", () => {
    const body = loadFixture(path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"), fixture) as {
      Data: Coin[];
    };
    const ids = body.Data.map((coin) => coin.CoinInfo.Id);
    body.Data[1] = renamed(body.Data[1], { Name: SYMBOL, FullName: NAME });
    body.Data[2] = renamed(body.Data[2], { Name: ONLY_CONTROLS });
    body.Data[3] = renamed(body.Data[3], { FullName: ONLY_CONTROLS });
    const parsed = schema.parse(body);
    expect(parsed.Data.map((coin) => coin.CoinInfo.Id)).toEqual([ids[0], ids[1], ...ids.slice(4)]);
    expect(parsed.Data[1]?.CoinInfo).toEqual({ Id: ids[1], Name: "EVL", FullName: "Evil Coin" });
    expect(parsed.Data[0]?.CoinInfo).toEqual({ Id: "1182", Name: "BTC", FullName: "Bitcoin" });
  });

  it("still fails the body for a coin without an id", () => {
    const body = loadFixture(path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"), fixture) as {
      Data: Coin[];
    };
    body.Data[1] = renamed(body.Data[1], { Id: "" });
    expect(schema.safeParse(body).success).toBe(false);
  });
});

describe("CryptoCompare's coin list with hostile text", () => {
  const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"));

  it("cleans a hostile coin and skips one with nothing printable, even in its key, keeping the rest", async () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/cryptocompare"),
      "coinlist-legacy-2017.json",
    ) as { Data: Record<string, unknown> };
    server.handle((_req, res) =>
      sendJson(res, 200, {
        ...body,
        Data: {
          ...body.Data,
          [SYMBOL]: { Id: "990001", Name: SYMBOL, Symbol: SYMBOL, CoinName: NAME, FullName: `${NAME} (${SYMBOL})` },
          [ONLY_CONTROLS]: { Id: "990002", Name: ONLY_CONTROLS, Symbol: ONLY_CONTROLS, CoinName: "Named" },
          // No Symbol nor Name: the key stands in for both, cleaned like them.
          "\u001b[1mKEY": { Id: "990003" },
        },
      }),
    );
    const result = await fetchCryptoCompareCoinList({
      baseUrl: server.url,
      apiKey: "cc-key",
      timeoutMs: 2_000,
      retries: 1,
      maxBodyBytes: 5_000_000,
      sleep: recordingSleep().sleep,
    });
    expect(result.skipped).toBe(1);
    expect(result.coins).toHaveLength(35 + 2);
    const coin = (id: string) => result.coins.find((each) => each.providerId === id);
    expect(coin("990001")).toMatchObject({ symbol: "EVL", name: "Evil Coin" });
    expect(coin("990002")).toBeUndefined();
    expect(coin("990003")).toMatchObject({ symbol: "KEY", name: "KEY" });
    expect(coin("4321")).toMatchObject({ symbol: "42", name: "42 Coin" });
  });
});

describe("CryptoCompare's error Message", () => {
  it("reaches the error's message (and so lastError) cleaned", () => {
    const error = classifyCryptoCompare(
      {
        status: 200,
        headers: new Headers(),
        body: {
          Response: "Error",
          Type: 2,
          Message: "bad\u001b]52;c;eA==\u0007 fsym\u202e",
          ParamWithError: "fsym\u0000",
        },
      },
      "top/totalvolfull",
    );
    expect(error?.message).toBe("cryptocompare top/totalvolfull: error Type 2: bad parameter fsym: bad fsym");
  });
});
