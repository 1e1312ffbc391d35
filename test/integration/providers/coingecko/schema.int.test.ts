// CoinGecko's free text is cleaned as its bodies are parsed: a hostile coin keeps its printable
// part, one with no printable symbol or name is left out, and its neighbours stay.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../lib/log";
import { classifyCoinGecko } from "../../../../lib/providers/coingecko/classify";
import { fetchCoinGeckoCoinsList } from "../../../../lib/providers/coingecko/identity";
import { cgMarketsSchema } from "../../../../lib/providers/coingecko/schema";
import { fromMarkets } from "../../../../lib/providers/coingecko/transform";
import { setUpstreamTextLogger } from "../../../../lib/providers/shared/text-report";
import { loadFixture, recordingSleep, sendJson, setupLocalServer } from "../../../support/http-server";

const NAME = "\u001b]0;pwned\u0007Evil\u001b[2J Coin\u202e";
const SYMBOL = "\u001b[31mevl\u0007\u009b2J";
const ONLY_CONTROLS = "\u001b[2J\u0007\u0000\u202e";

type Item = Record<string, unknown>;

beforeAll(() => setUpstreamTextLogger(createLogger("test", "silent")));
afterAll(() => setUpstreamTextLogger(null));

describe("cgMarketsSchema with hostile text", () => {
  it("cleans a hostile coin, leaves out one with nothing printable, and keeps the others", () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko"),
      "markets.json",
    ) as Item[];
    const ids = body.map((item) => item.id);
    body[1] = { ...body[1], symbol: SYMBOL, name: NAME };
    body[2] = { ...body[2], symbol: ONLY_CONTROLS };
    body[3] = { ...body[3], name: ONLY_CONTROLS };
    const markets = cgMarketsSchema.parse(body);
    expect(markets.map((market) => market.id)).toEqual([ids[0], ids[1], ids[4]]);
    expect(markets[1]).toMatchObject({ symbol: "evl", name: "Evil Coin" });
    // The ranking and the price list show the cleaned symbol, upper-cased as every source's is.
    const { entries, quotes } = fromMarkets(markets, 5);
    expect(entries.map((entry) => [entry.rank, entry.symbol, entry.name])).toEqual([
      [1, "BTC", "Bitcoin"],
      [2, "EVL", "Evil Coin"],
      [3, String(body[4]?.symbol).toUpperCase(), body[4]?.name],
    ]);
    expect(quotes[1]).toMatchObject({ symbol: "EVL", name: "Evil Coin" });
  });

  it("still fails the body for a coin of the wrong shape", () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko"),
      "markets.json",
    ) as Item[];
    body[1] = { ...body[1], current_price: "1.0" };
    expect(cgMarketsSchema.safeParse(body).success).toBe(false);
  });
});

describe("CoinGecko's coin list with hostile text", () => {
  const server = setupLocalServer(path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko"));

  it("cleans a hostile coin and its platforms, skips one with nothing printable, and keeps the rest", async () => {
    const body = loadFixture(
      path.resolve(import.meta.dirname, "../../../../lib/providers/coingecko"),
      "coins-list-platforms.json",
    ) as Item[];
    body[1] = {
      ...body[1],
      symbol: SYMBOL,
      name: NAME,
      platforms: { "binance\u001b[2J-smart-chain": "0xa46346bc9d110907b5ace36b53263320baf1cd21\u0007" },
    };
    body[2] = { ...body[2], name: ONLY_CONTROLS };
    server.handle((_req, res) => sendJson(res, 200, body));
    const result = await fetchCoinGeckoCoinsList({
      baseUrl: server.url,
      plan: "demo",
      timeoutMs: 2_000,
      retries: 1,
      maxBodyBytes: 5_000_000,
      sleep: recordingSleep().sleep,
    });
    expect(result.skipped).toBe(1);
    expect(result.coins).toHaveLength(57);
    expect(result.coins[1]).toEqual({
      providerId: body[1]?.id,
      symbol: "EVL",
      name: "Evil Coin",
      slug: body[1]?.id,
      rank: null,
      contracts: [{ chain: "bsc", address: "0xa46346bc9d110907b5ace36b53263320baf1cd21" }],
    });
    expect(result.coins.map((coin) => coin.providerId)).not.toContain(body[2]?.id);
  });
});

describe("CoinGecko's error texts", () => {
  it.each([
    [{ status: { error_code: 429, error_message: "slow\u001b]0;x\u0007 down\u202e" } }, "error 429: slow down"],
    [{ error: "coin\u001b[2J not found\u0000" }, "coin not found"],
    [{ error: "\u001b[2J" }, "no message"],
  ])("reach the error's message (and so lastError) cleaned: %j", (body, message) => {
    const error = classifyCoinGecko({ status: 404, headers: new Headers(), body }, "coins/markets");
    expect(error?.message).toBe(`coingecko coins/markets: ${message}`);
  });
});
