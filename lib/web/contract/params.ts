// The contract of the API's parameters, built from the constants the hand-written validators
// (top-query.ts, the handlers) check against, so the document and the checks allow the same values.
// The validators stay hand-written: their messages name each parameter and what it allows.
import { z } from "zod";
import { EXCLUDE_NAMES } from "../../domain/categories";
import { CURRENCY_CODES } from "../../domain/currencies";
import { HISTORY_RANGE_NAMES } from "../../domain/history";

import { AMOUNT, COIN_ID, COIN_KEY, FIELD_NAMES, MAX_LISTED, SORT_KEYS, SYMBOL } from "../top-query";

export interface ParameterSpec {
  name: string;
  in: "query" | "path" | "header";
  description: string;
  schema: z.ZodType;
  required?: boolean;
  /** A value the schema accepts (a list as an array). */
  example?: unknown;
  /** A comma-separated list (`ids=a,b`): OpenAPI's form style without explode. */
  list?: boolean;
}

/** A pattern that matches exactly these codes, in any case (JSON Schema patterns take no flags). */
export function anyCase(codes: readonly string[]): RegExp {
  const letters = (code: string) =>
    [...code].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join("");
  return new RegExp(`^(?:${codes.map(letters).join("|")})$`);
}

const listOf = (item: z.ZodType) => z.array(item).min(1).max(MAX_LISTED);

export const limitParameter = (depth: number): ParameterSpec => ({
  name: "limit",
  in: "query",
  description: `How many rows: an integer from 1 to ${depth} (RANKING_DEPTH); the whole depth when absent.`,
  schema: z.number().int().min(1).max(depth).default(depth),
  example: 10,
});

export const vsParameter: ParameterSpec = {
  name: "vs",
  in: "query",
  description: `The quote currency, in any case: ${CURRENCY_CODES.join(", ")}. Default USD; /api/top keeps the USD figures beside the converted ones.`,
  schema: z
    .string()
    .regex(anyCase(CURRENCY_CODES))
    .meta({ "x-values-any-case": [...CURRENCY_CODES] }),
  example: "EUR",
};

export const ifNoneMatchParameter: ParameterSpec = {
  name: "If-None-Match",
  in: "header",
  description: "An ETag from an earlier answer: a 304 without a body while the data is unchanged.",
  schema: z.string(),
};

/** Every parameter of GET /api/top, in the order parseTopQuery reads them. */
export function topParameters(depth: number): ParameterSpec[] {
  return [
    limitParameter(depth),
    {
      name: "offset",
      in: "query",
      description: "Rows skipped before the page, after the filter and the sort.",
      schema: z
        .number()
        .int()
        .min(0)
        .max(depth - 1)
        .default(0),
      example: 20,
    },
    {
      name: "format",
      in: "query",
      description: "`json`, or `csv` (RFC 4180, CRLF line ends). Without it, CSV when Accept prefers text/csv.",
      schema: z.enum(["json", "csv"]),
      example: "csv",
    },
    {
      name: "sort",
      in: "query",
      description: "The row key to sort by. Rows without the value go last in either order; ties keep rank order.",
      schema: z.enum(SORT_KEYS).default("rank"),
      example: "priceUsd",
    },
    {
      name: "order",
      in: "query",
      description: "`asc` or `desc`. Default: `asc` for rank, name and symbol; `desc` for the numbers.",
      schema: z.enum(["asc", "desc"]),
      example: "desc",
    },
    {
      name: "ids",
      in: "query",
      description: `Only these coins, by their stable \`id\`; at most ${MAX_LISTED}. With \`symbols\`, either matches.`,
      schema: listOf(z.string().regex(COIN_ID)),
      list: true,
      example: ["bitcoin", "ethereum"],
    },
    {
      name: "symbols",
      in: "query",
      description: `Only coins with these symbols, any case; at most ${MAX_LISTED}. A shared symbol returns every coin that has it.`,
      schema: listOf(z.string().regex(SYMBOL)),
      list: true,
      example: ["BTC", "ETH"],
    },
    {
      name: "fields",
      in: "query",
      description:
        "The keys of each JSON row, in this order, and the CSV's columns. Default: every key; CSV rank,symbol,priceUsd.",
      schema: listOf(z.enum(FIELD_NAMES as [string, ...string[]])),
      list: true,
      example: ["rank", "symbol", "name", "priceUsd"],
    },
    {
      name: "min_market_cap",
      in: "query",
      description: "Only coins with at least this market cap, in USD, plain decimal; a coin without one is left out.",
      schema: z.string().regex(AMOUNT),
      example: "1000000000",
    },
    {
      name: "min_volume",
      in: "query",
      description: "Only coins with at least this 24 h volume, in USD, plain decimal; a coin without one is left out.",
      schema: z.string().regex(AMOUNT),
      example: "50000000",
    },
    vsParameter,
    {
      name: "exclude",
      in: "query",
      description: "Leave out coins of these classes, any case. A coin no provider classed is kept.",
      schema: listOf(z.enum(Object.keys(EXCLUDE_NAMES) as [string, ...string[]])),
      list: true,
      example: ["stablecoins", "wrapped"],
    },
    {
      name: "Accept",
      in: "header",
      description: "`text/csv` ranked above `application/json` answers CSV when `format` is absent.",
      schema: z.string(),
      example: "text/csv",
    },
    ifNoneMatchParameter,
  ];
}

export const coinIdParameter: ParameterSpec = {
  name: "id",
  in: "path",
  required: true,
  description: "The coin's stable Top Coins id (a row's `id`); a ranking provider's id (`rankingId`) also finds it.",
  schema: z.string().regex(COIN_ID),
  example: "bitcoin",
};

export const priceCoinParameter: ParameterSpec = {
  name: "coin",
  in: "path",
  required: true,
  description: "A stable id or a symbol in any case; an id wins over a symbol.",
  schema: z.string().regex(COIN_KEY),
  example: "BTC",
};

export const rangeParameter: ParameterSpec = {
  name: "range",
  in: "query",
  description: "The span of the series: 24h (every stored price), 7d, 30d and 90d (hourly), 1y (daily).",
  schema: z.enum(HISTORY_RANGE_NAMES as [string, ...string[]]).default("7d"),
  example: "30d",
};
