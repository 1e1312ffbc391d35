import { describe, expect, it } from "vitest";
import { pageHeaders, wantsHtml, wantsPage } from "./negotiate";
import { acceptQuality, parseTopQuery, prefersCsv, queryKey, quoteCurrencyOf, type TopQuery } from "./top-query";

const parse = (query: string, accept: string | null = null, depth = 200) =>
  parseTopQuery(new URLSearchParams(query), accept, depth);

describe("parseTopQuery: limit", () => {
  it("defaults to the whole depth", () => {
    expect(parse("")).toEqual({
      limit: 200,
      offset: 0,
      format: "json",
      sort: "rank",
      order: "asc",
      ids: null,
      symbols: null,
      fields: null,
      minMarketCap: null,
      minVolume: null,
      exclude: null,
      vs: null,
    });
    expect(parse("", null, 350)).toMatchObject({ limit: 350, format: "json" });
  });

  it.each([
    ["limit=1", 1],
    ["limit=5", 5],
    ["limit=200", 200],
    ["limit=150&format=json", 150],
    ["limit=05", 5],
  ])("accepts %s", (query, limit) => {
    expect(parse(query)).toMatchObject({ limit });
  });

  it.each([
    ["limit=0", '"0"'],
    ["limit=-1", '"-1"'],
    ["limit=abc", '"abc"'],
    ["limit=1.5", '"1.5"'],
    ["limit=", '""'],
    ["limit=201", '"201"'],
    ["limit=1e2", '"1e2"'],
    ["limit=+5", '" 5"'],
    ["limit=%205", '" 5"'],
    ["limit=-0", '"-0"'],
    ["limit=99999999999999999999", '"99999999999999999999"'],
    ["limit=%EF%BC%95", '"５"'],
  ])("rejects %s with a 400 naming the range", (query, shown) => {
    expect(parse(query)).toEqual({
      status: 400,
      code: "invalid_limit",
      message: `limit must be an integer from 1 to 200; got ${shown}`,
    });
  });

  it("rejects a repeated limit", () => {
    expect(parse("limit=5&limit=6")).toEqual({
      status: 400,
      code: "invalid_limit",
      message: "limit must be given once, as an integer from 1 to 200",
    });
  });

  it("cuts a very long bad value in the message", () => {
    const result = parse(`limit=${"9".repeat(5000)}`);
    expect("message" in result && result.message.length).toBeLessThan(120);
  });

  it("names the configured depth", () => {
    expect(parse("limit=51", null, 50)).toMatchObject({ message: 'limit must be an integer from 1 to 50; got "51"' });
  });
});

describe("parseTopQuery: format", () => {
  it("takes format=csv and format=json", () => {
    expect(parse("format=csv")).toMatchObject({ limit: 200, format: "csv" });
    expect(parse("format=json", "text/csv")).toMatchObject({ limit: 200, format: "json" });
  });
  it("takes CSV from Accept: text/csv", () => {
    expect(parse("limit=3", "text/csv")).toMatchObject({ limit: 3, format: "csv" });
  });
  it("rejects an unknown or repeated format", () => {
    expect(parse("format=xml")).toEqual({
      status: 400,
      code: "invalid_format",
      message: 'format must be one of json, csv; got "xml"',
    });
    expect(parse("format=csv&format=json")).toMatchObject({ status: 400, code: "invalid_format" });
  });
});

describe("parseTopQuery: offset, sort, order, ids, symbols, fields", () => {
  it("takes each of them, alone and together", () => {
    expect(parse("offset=190")).toMatchObject({ offset: 190 });
    expect(parse("sort=marketCapUsd")).toMatchObject({ sort: "marketCapUsd", order: "desc" });
    expect(parse("sort=name")).toMatchObject({ sort: "name", order: "asc" });
    expect(parse("sort=priceUsd&order=asc")).toMatchObject({ sort: "priceUsd", order: "asc" });
    expect(parse("order=desc")).toMatchObject({ sort: "rank", order: "desc" });
    expect(parse("ids=bitcoin,holo,bitcoin")).toMatchObject({ ids: ["bitcoin", "holo"] });
    expect(parse("symbols=btc,Hot,HOT")).toMatchObject({ symbols: ["BTC", "HOT"] });
    expect(parse("fields=symbol,priceUsd,rank")).toMatchObject({ fields: ["symbol", "priceUsd", "rank"] });
    expect(
      parse("limit=5&offset=2&sort=change24hPct&order=asc&symbols=ETH&ids=bitcoin&fields=rank,name&format=csv"),
    ).toEqual({
      limit: 5,
      offset: 2,
      format: "csv",
      sort: "change24hPct",
      order: "asc",
      ids: ["bitcoin"],
      symbols: ["ETH"],
      fields: ["rank", "name"],
      minMarketCap: null,
      minVolume: null,
      exclude: null,
      vs: null,
    });
    expect(parse("min_market_cap=1000000000&min_volume=2500.5")).toMatchObject({
      minMarketCap: 1_000_000_000,
      minVolume: 2500.5,
    });
  });

  it.each([
    ["offset=200", "invalid_offset", 'offset must be an integer from 0 to 199; got "200"'],
    ["offset=-1", "invalid_offset", 'offset must be an integer from 0 to 199; got "-1"'],
    ["offset=1&offset=2", "invalid_offset", "offset must be given once: an integer from 0 to 199"],
    [
      "sort=price",
      "invalid_sort",
      'sort must be one of rank, name, symbol, priceUsd, marketCapUsd, volume24hUsd, change1hPct, change24hPct, change7dPct; got "price"',
    ],
    ["order=up", "invalid_order", 'order must be one of asc, desc; got "up"'],
    [
      "ids=bitcoin,,holo",
      "invalid_ids",
      'ids must be a comma-separated list of coin ids (the `id` of a row), with no empty item; got "bitcoin,,holo"',
    ],
    [
      "ids=bit%20coin",
      "invalid_ids",
      'ids must be a comma-separated list of coin ids (the `id` of a row); got "bit coin" in "bit coin"',
    ],
    ["symbols=", "invalid_symbols", 'symbols must be a comma-separated list of symbols, with no empty item; got ""'],
    ["symbols=BTC,<b>", "invalid_symbols", 'symbols must be a comma-separated list of symbols; got "<b>" in "BTC,<b>"'],
    ["fields=rank&fields=id", "invalid_fields", "fields must be given once: a comma-separated list of row keys"],
    [
      "min_market_cap=-5",
      "invalid_min_market_cap",
      'min_market_cap must be a non-negative amount in USD, such as 1000000; got "-5"',
    ],
    [
      "min_market_cap=1e9",
      "invalid_min_market_cap",
      'min_market_cap must be a non-negative amount in USD, such as 1000000; got "1e9"',
    ],
    [
      "min_volume=lots",
      "invalid_min_volume",
      'min_volume must be a non-negative amount in USD, such as 1000000; got "lots"',
    ],
  ])("rejects %s with a 400 naming the parameter", (query, code, message) => {
    expect(parse(query)).toEqual({ status: 400, code, message });
  });

  it("names the keys a row has when fields names another", () => {
    expect(parse("fields=rank,prize")).toMatchObject({
      status: 400,
      code: "invalid_fields",
      message: expect.stringMatching(
        /^fields must name keys of a row \(rank, id, symbol, name, .*, priceCheck, .*price, marketCap, volume24h\); got "prize"$/,
      ),
    });
  });

  it("takes at most 250 ids", () => {
    const many = Array.from({ length: 251 }, (_, i) => `coin-${i}`);
    expect(parse(`ids=${many.join(",")}`)).toMatchObject({
      code: "invalid_ids",
      message: "ids may list at most 250 coin ids (the `id` of a row); got 251",
    });
    expect(parse(`ids=${many.slice(0, 250).join(",")}`)).toMatchObject({ limit: 200 });
  });
});

describe("content negotiation", () => {
  it.each([
    ["text/csv", true],
    ["text/csv, application/json;q=0.5", true],
    ["application/json, text/csv;q=0.9", false],
    ["*/*", false],
    ["text/*", true],
    [null, false],
    ["application/json", false],
  ])("prefersCsv(%j) is %s", (accept, expected) => {
    expect(prefersCsv(accept)).toBe(expected);
  });

  it("reads q-values, most specific range first", () => {
    expect(acceptQuality("text/*;q=0.3, text/csv;q=0.7, */*;q=0.1", "text/csv")).toBe(0.7);
    expect(acceptQuality("text/*;q=0.3, */*;q=0.1", "text/csv")).toBe(0.3);
    expect(acceptQuality("*/*;q=0.1", "application/json")).toBe(0.1);
  });

  it.each([
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true],
    ["*/*", false],
    [null, false],
    ["text/html;q=0", false],
    ["application/json", false],
    ["text/csv", false],
  ])("wantsHtml(%j) is %s", (accept, expected) => {
    expect(wantsHtml(accept)).toBe(expected);
  });
});

describe("wantsPage", () => {
  it("sends browsers and Next's router to the page, and everything else to the list", () => {
    const none = new URLSearchParams("limit=50");
    expect(wantsPage(new Headers({ accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" }), none)).toBe(true);
    // A client navigation or router.refresh(): server components, asked for with `*/*`.
    expect(wantsPage(new Headers({ accept: "*/*" }), new URLSearchParams("limit=50&_rsc=CxJ-u3G8"))).toBe(true);
    expect(wantsPage(new Headers({ accept: "*/*", rsc: "1", "next-router-state-tree": "%5B%5D" }), none)).toBe(true);
    expect(wantsPage(new Headers({ accept: "*/*" }), none)).toBe(false);
    expect(wantsPage(new Headers({ accept: "application/json" }), none)).toBe(false);
    expect(wantsPage(new Headers(), new URLSearchParams())).toBe(false);
  });
});

describe("pageHeaders", () => {
  it("takes the headers wantsPage reads from a node:http request, a repeated one joined, nothing else", () => {
    const headers = pageHeaders({
      accept: "*/*",
      rsc: ["1", "1"] as unknown as string,
      "next-router-state-tree": "",
      cookie: "session=x",
      "accept-encoding": "gzip",
    });
    expect([...headers.entries()]).toEqual([
      ["accept", "*/*"],
      ["next-router-state-tree", ""],
      ["rsc", "1, 1"],
    ]);
    expect(wantsPage(headers, new URLSearchParams())).toBe(true);
    expect([...pageHeaders({}).entries()]).toEqual([]);
    expect(wantsPage(pageHeaders({ accept: "text/csv" }), new URLSearchParams())).toBe(false);
  });
});

describe("parseTopQuery: exclude", () => {
  it("takes stablecoins, wrapped or both, in any order and case, as the classes they name", () => {
    expect(parse("exclude=stablecoins")).toMatchObject({ exclude: ["stablecoin"] });
    expect(parse("exclude=wrapped")).toMatchObject({ exclude: ["wrapped"] });
    expect(parse("exclude=Wrapped,stablecoins,wrapped")).toMatchObject({ exclude: ["stablecoin", "wrapped"] });
    expect(parse("")).toMatchObject({ exclude: null });
  });

  it.each([
    ["exclude=stablecoin", 'exclude must be a comma-separated list of stablecoins, wrapped; got "stablecoin"'],
    ["exclude=memes", 'exclude must be a comma-separated list of stablecoins, wrapped; got "memes"'],
    [
      "exclude=stablecoins,",
      'exclude must be a comma-separated list of classes (stablecoins, wrapped), with no empty item; got "stablecoins,"',
    ],
    [
      "exclude=stablecoins&exclude=wrapped",
      "exclude must be given once: a comma-separated list of classes (stablecoins, wrapped)",
    ],
    ["exclude=<b>", 'exclude must be a comma-separated list of classes (stablecoins, wrapped); got "<b>" in "<b>"'],
  ])("rejects %s with a 400 invalid_exclude naming the allowed values", (query, message) => {
    expect(parse(query)).toEqual({ status: 400, code: "invalid_exclude", message });
  });
});

describe("queryKey", () => {
  const key = (query: string) => queryKey(parse(query) as TopQuery);
  it("tells apart queries whose rows differ by exclude or a bound, and not those that only spell them differently", () => {
    const keys = ["", "exclude=stablecoins", "exclude=wrapped", "min_market_cap=1000", "min_volume=1000"].map(key);
    expect(new Set(keys).size).toBe(5);
    expect(key("exclude=wrapped,stablecoins")).toBe(key("exclude=stablecoins,wrapped"));
  });
});

describe("parseTopQuery: vs", () => {
  it("takes a currency code in any case, as its upper-case code", () => {
    expect(parse("vs=eur")).toMatchObject({ vs: "EUR" });
    expect(parse("vs=Sats")).toMatchObject({ vs: "SATS" });
    expect(parse("vs=USD")).toMatchObject({ vs: "USD" });
    expect(parse("")).toMatchObject({ vs: null });
    expect(parse("vs=EUR&fields=rank,symbol,price&symbols=BTC,ETH&format=csv")).toMatchObject({
      vs: "EUR",
      fields: ["rank", "symbol", "price"],
      symbols: ["BTC", "ETH"],
      format: "csv",
    });
  });

  it.each(["vs=", "vs=euro", "vs=XAU", "vs=__proto__", "vs=EUR&vs=USD"])("rejects %s with a 400 naming vs", (query) => {
    expect(parse(query)).toMatchObject({
      status: 400,
      code: "invalid_vs",
      message: expect.stringMatching(
        /^vs must be (given once: )?a currency code: USD, EUR, .*, BTC, ETH, SATS \(any case\)/,
      ),
    });
  });

  it("gives rows a currency when vs names one, or USD when fields names a currency key alone", () => {
    const query = (text: string) => parse(text) as TopQuery;
    expect(quoteCurrencyOf(query("vs=jpy"))).toBe("JPY");
    expect(quoteCurrencyOf(query("fields=rank,price"))).toBe("USD");
    expect(quoteCurrencyOf(query("fields=rank,priceUsd"))).toBeNull();
    expect(quoteCurrencyOf(query(""))).toBeNull();
  });

  it("is part of the query key: each currency its own body and ETag", () => {
    const key = (text: string) => queryKey(parse(text) as TopQuery);
    expect(key("vs=EUR")).not.toBe(key("vs=GBP"));
    expect(key("vs=EUR")).not.toBe(key(""));
    expect(key("vs=eur")).toBe(key("vs=EUR"));
  });
});
