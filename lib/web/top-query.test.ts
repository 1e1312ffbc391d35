import { describe, expect, it } from "vitest";
import { pageHeaders, wantsHtml, wantsPage } from "./negotiate";
import { acceptQuality, parseTopQuery, prefersCsv } from "./top-query";

const parse = (query: string, accept: string | null = null, depth = 200) =>
  parseTopQuery(new URLSearchParams(query), accept, depth);

describe("parseTopQuery: limit", () => {
  it("defaults to the whole depth", () => {
    expect(parse("")).toEqual({ limit: 200, format: "json" });
    expect(parse("", null, 350)).toEqual({ limit: 350, format: "json" });
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
    expect(parse("format=csv")).toEqual({ limit: 200, format: "csv" });
    expect(parse("format=json", "text/csv")).toEqual({ limit: 200, format: "json" });
  });
  it("takes CSV from Accept: text/csv", () => {
    expect(parse("limit=3", "text/csv")).toEqual({ limit: 3, format: "csv" });
  });
  it("rejects an unknown or repeated format", () => {
    expect(parse("format=xml")).toEqual({
      status: 400,
      code: "invalid_format",
      message: 'format must be json or csv; got "xml"',
    });
    expect(parse("format=csv&format=json")).toMatchObject({ status: 400, code: "invalid_format" });
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
