import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envSchema } from "../lib/config";
import { CONFIG_DOC_FILE, configVariables, markdownTable, renderConfigDoc } from "./config-doc";

describe("docs/configuration.md", () => {
  it("is what npm run docs:config writes from lib/config.ts", () => {
    expect(readFileSync(CONFIG_DOC_FILE, "utf8"), "docs/configuration.md is out of date: run npm run docs:config").toBe(
      renderConfigDoc(),
    );
  });

  it("describes every variable of the schema", () => {
    const variables = configVariables();
    expect(variables.map((variable) => variable.name)).toEqual(Object.keys(envSchema.shape));
    for (const variable of variables) expect(variable.description.length, variable.name).toBeGreaterThan(20);
  });

  it("reads defaults and allowed values from the schema itself", () => {
    const byName = new Map(configVariables().map((variable) => [variable.name, variable]));
    expect(byName.get("STORE_CONNECT_TIMEOUT_MS")).toMatchObject({ fallback: "`5000`", values: "100..120000" });
    expect(byName.get("PRICE_DIVERGENCE_PCT")).toMatchObject({ fallback: "`5`", values: "0.1..100" });
    expect(byName.get("IDENTITY_LISTS")).toMatchObject({ fallback: "`1`", values: "`0`, `1`" });
    expect(byName.get("LOG_PRETTY")).toMatchObject({ fallback: "`0`", values: "`0`, `1`" });
    expect(byName.get("CRYPTOCOMPARE_TOPLIST")).toMatchObject({
      fallback: "`totalvolfull`",
      values: "`totalvolfull`, `mktcapfull`",
    });
    expect(byName.get("CMC_BASE_URL")).toMatchObject({
      fallback: "`https://pro-api.coinmarketcap.com`",
      values: "an http(s) URL",
    });
    expect(byName.get("PRICING_FALLBACK")).toMatchObject({
      fallback: "none",
      values: "a comma-separated list of `cryptocompare`, `coinmarketcap`, `coingecko`",
    });
    expect(byName.get("INSTANCE_ID")).toMatchObject({ fallback: "host name and process id", values: "any" });
    expect(byName.get("CMC_API_KEY")).toMatchObject({ fallback: "—", values: "any", group: "providers" });
  });

  it("names every variable without a group or a description", () => {
    const schema = z.object({
      DOCUMENTED: z.string().optional().meta({ group: "web", description: "A variable that says what it does." }),
      BARE: z.string().optional(),
      UNGROUPED: z.string().optional().describe("Says what it does, but in no group."),
    });
    expect(() => configVariables(schema)).toThrow(/BARE: group .*\n {2}UNGROUPED: group/s);
  });
});

describe("markdownTable", () => {
  it("pads the columns as Biome formats them and escapes pipes", () => {
    expect(
      markdownTable(
        ["a", "bb"],
        [
          ["`x`", "one | two"],
          ["y", "z"],
        ],
      ),
    ).toBe(
      ["| a   | bb         |", "| --- | ---------- |", "| `x` | one \\| two |", "| y   | z          |"].join("\n"),
    );
  });
});
