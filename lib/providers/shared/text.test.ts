// The zod pieces for upstream text: what they return, what a list does with a refused item, and the
// metric and the one log line per hostile value.
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseExposition, sampleValue } from "../../../test/support/exposition";
import { hasUnsafeText } from "../../format/text";
import { createLogger } from "../../log";
import { getRegistry, renderMetrics } from "../../metrics/registry";
import { listOf, optionalText, requiredText, upstreamText } from "./text";
import { setUpstreamTextLogger } from "./text-report";

const METRIC = "topcoins_upstream_text_sanitized_total";
const HOSTILE = "\u001b]0;pwned\u0007Evil\u001b[2J Coin\u202e";

function captureLogs(): string[] {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  setUpstreamTextLogger(createLogger("test", "info", { pretty: false, destination }));
  return lines;
}

async function counted(labels: Record<string, string>): Promise<number | undefined> {
  return sampleValue(parseExposition((await renderMetrics()).body), METRIC, labels);
}

let logs: string[];
beforeEach(() => {
  getRegistry().resetMetrics();
  logs = captureLogs();
});
afterEach(() => setUpstreamTextLogger(null));

describe("requiredText", () => {
  const name = requiredText("testprov", "name");

  it("cleans the text, counts it and logs it once, escaped, whatever the number of fetches", async () => {
    expect(name.parse(HOSTILE)).toBe("Evil Coin");
    expect(name.parse(HOSTILE)).toBe("Evil Coin");
    expect(await counted({ provider: "testprov", field: "name", outcome: "cleaned" })).toBe(2);
    expect(logs).toHaveLength(1);
    const line = JSON.parse(logs[0] ?? "");
    expect(line).toMatchObject({
      level: 40,
      provider: "testprov",
      field: "name",
      text: "Evil Coin",
      arrived: "\\u001b]0;pwned\\u0007Evil\\u001b[2J Coin\\u202e",
      msg: "upstream text cleaned of control characters",
    });
    // Neither the line's bytes nor any value read back from it carries a control or a bidi override.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    expect(logs[0]).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const values = Object.values(line).filter((value): value is string => typeof value === "string");
    expect(values.filter(hasUnsafeText)).toEqual([]);
  });

  it("refuses a text with nothing printable, and counts and logs the refusal", async () => {
    const result = name.safeParse("\u001b[2J\u0007\u0000");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["nothing printable"]);
    expect(await counted({ provider: "testprov", field: "name", outcome: "refused" })).toBe(1);
    expect(JSON.parse(logs[0] ?? "")).toMatchObject({
      text: "",
      arrived: "\\u001b[2J\\u0007\\u0000",
      msg: "upstream text refused: nothing printable, the record is left out",
    });
  });

  it("passes clean text through without a count or a line", async () => {
    expect(name.parse("比特币")).toBe("比特币");
    expect(await counted({ provider: "testprov", field: "name", outcome: "cleaned" })).toBeUndefined();
    expect(logs).toEqual([]);
  });
});

describe("optionalText and upstreamText", () => {
  it("make text with nothing printable null (optional) or empty (plain), and keep null and absence", () => {
    const schema = z.object({ slug: optionalText("testprov", "slug"), message: upstreamText("testprov", "message") });
    expect(schema.parse({ slug: "\u001b[2J", message: "\u0007" })).toEqual({ slug: null, message: "" });
    expect(schema.parse({ slug: null, message: "ok\u0007" })).toEqual({ slug: null, message: "ok" });
    expect(schema.parse({ message: "ok" })).toEqual({ message: "ok" });
  });
});

describe("listOf", () => {
  const coins = listOf(z.object({ id: z.number(), symbol: requiredText("testprov", "symbol") }));

  it("leaves out an item with nothing printable in a symbol and keeps its neighbours", () => {
    expect(
      coins.parse([
        { id: 1, symbol: "BTC" },
        { id: 2, symbol: "\u001b[2J" },
        { id: 3, symbol: "\u202eETH" },
      ]),
    ).toEqual([
      { id: 1, symbol: "BTC" },
      { id: 3, symbol: "ETH" },
    ]);
  });

  it("still fails the whole list on any other bad item, with the item's path", () => {
    const result = z.object({ data: coins }).safeParse({
      data: [
        { id: 1, symbol: "BTC" },
        { id: "2", symbol: "ETH" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["data", 1, "id"]]);
  });

  it("fails an item with both a bad field and no printable symbol: it is not only hostile text", () => {
    expect(coins.safeParse([{ id: "1", symbol: "\u0007" }]).success).toBe(false);
  });
});
