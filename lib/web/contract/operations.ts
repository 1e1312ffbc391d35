// Every operation of the API: its parameters, the statuses its handler answers with, each status's
// content types and schemas, and examples. lib/web/openapi.ts turns this into the OpenAPI document.
import { z } from "zod";
import {
  ambiguousSchema,
  coinBodySchema,
  cronBodySchema,
  errorSchema,
  historyBodySchema,
  sparklinesBodySchema,
  topBodySchema,
  versionBodySchema,
} from "./bodies";
import * as ex from "./examples";
import { healthServingSchema, healthUnavailableSchema } from "./health";
import {
  coinIdParameter,
  ifNoneMatchParameter,
  limitParameter,
  type ParameterSpec,
  priceCoinParameter,
  rangeParameter,
  topParameters,
  vsParameter,
} from "./params";

export type MediaType = "application/json" | "text/csv" | "text/plain";

export interface ResponseSpec {
  description: string;
  /** By media type: the body's schema and an example; absent: no body (304, 308). */
  content?: Partial<Record<MediaType, { schema: z.ZodType; example?: unknown }>>;
  headers?: string[];
}

export interface OperationSpec {
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: "data" | "operations";
  parameters: ParameterSpec[];
  responses: Record<string, ResponseSpec>;
  /** A curl call that shows the operation. */
  curl: string;
  /** True when API_RATE_LIMIT_PER_MINUTE counts it (and it may answer 429). */
  rateLimited: boolean;
  bearer?: boolean;
}

/** A plain decimal and a line end: what /api/price answers. */
const PRICE_TEXT = /^[0-9]+(\.[0-9]+)?\n$/;
/** A CSV: a header line of title-case names, then the rows, CRLF line ends. */
const CSV_TEXT = /^[A-Z][^\r\n]*\r\n/;

const json = (schema: z.ZodType, example?: unknown) => ({ "application/json": { schema, example } });

const error = (description: string, code: string, message: string, headers: string[] = []): ResponseSpec => ({
  description,
  content: json(errorSchema, ex.errorExample(code, message)),
  headers,
});

const noData: ResponseSpec = {
  description: "No data yet (`no_data`), with the reason in words; `Retry-After` says when to ask again.",
  content: json(errorSchema, ex.noDataExample),
  headers: ["Retry-After"],
};

const noDataOrRate: ResponseSpec = {
  description:
    "No data yet (`no_data`, with the reason in words), or no exchange rate yet for the `vs` currency (`no_rate`); `Retry-After` says when to ask again.",
  content: json(errorSchema, ex.noDataExample),
  headers: ["Retry-After"],
};

const notModified: ResponseSpec = {
  description: "The data is unchanged since the ETag in If-None-Match.",
  headers: ["ETag"],
};

const storeUnavailable = error(
  "`no_data` before the first snapshots, or `store_unavailable` when the price history cannot be read.",
  "store_unavailable",
  "the price history cannot be read right now; try again shortly",
  ["Retry-After"],
);

export function operations(depth: number): OperationSpec[] {
  const limitMessage = `limit must be an integer from 1 to ${depth}; got "abc"`;
  return [
    {
      path: "/api/top",
      operationId: "getTop",
      summary: "The top coins with their USD prices",
      description:
        "The served list, merged from the ranking and the pricing provider: paged, sorted, filtered and projected as the parameters ask, as JSON or CSV. Every parameter is given at most once.",
      tag: "data",
      parameters: topParameters(depth),
      responses: {
        "200": {
          description: "The rows and their meta (JSON), or the CSV.",
          content: {
            "application/json": { schema: topBodySchema, example: ex.topExample },
            "text/csv": { schema: z.string().regex(CSV_TEXT), example: ex.topCsvExample },
          },
          headers: ["ETag", "Cache-Control"],
        },
        "304": notModified,
        "400": error(
          "A bad parameter: the code names it (`invalid_limit`, `invalid_offset`, `invalid_format`, `invalid_sort`, `invalid_order`, `invalid_ids`, `invalid_symbols`, `invalid_fields`, `invalid_min_market_cap`, `invalid_min_volume`, `invalid_vs`, `invalid_exclude`) and the message what it allows.",
          "invalid_limit",
          limitMessage,
        ),
        "503": noDataOrRate,
      },
      curl: "curl -s 'http://localhost:3000/api/top?limit=10&symbols=BTC,ETH&fields=rank,symbol,name,priceUsd&format=csv'",
      rateLimited: true,
    },
    {
      path: "/api/coins/{id}",
      operationId: "getCoin",
      summary: "One coin, its provider ids and the evidence of each link",
      description:
        "The coin's /api/top row plus `providers`: its coin at every provider with the rule, evidence and confirmations of each link. A ranking provider's id answers 308 to the stable id.",
      tag: "data",
      parameters: [coinIdParameter],
      responses: {
        "200": { description: "The coin.", content: json(coinBodySchema, ex.coinExample) },
        "308": { description: "A ranking provider's id: `Location` names the stable id's URL.", headers: ["Location"] },
        "400": error(
          "A malformed id (`invalid_id`).",
          "invalid_id",
          'id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top); got "a b"',
        ),
        "404": error(
          "No such coin in the current top (`not_found`).",
          "not_found",
          `no coin with id "nope" in the current top ${depth}`,
        ),
        "503": noData,
      },
      curl: "curl -s http://localhost:3000/api/coins/bitcoin",
      rateLimited: true,
    },
    {
      path: "/api/coins/{id}/history",
      operationId: "getCoinHistory",
      summary: "A coin's USD price series for a chart",
      description:
        "Our own stored prices, with gaps of more than two steps filled from the ranking provider's history. `t` is the start of the point's period in milliseconds since the epoch.",
      tag: "data",
      parameters: [coinIdParameter, rangeParameter],
      responses: {
        "200": {
          description: "The series.",
          content: json(historyBodySchema, ex.historyExample),
          headers: ["Cache-Control"],
        },
        "400": error(
          "A malformed id (`invalid_id`) or range (`invalid_range`).",
          "invalid_range",
          'range must be one of 24h, 7d, 30d, 90d, 1y; got "2w"',
        ),
        "404": error(
          "No such coin in the current top (`not_found`).",
          "not_found",
          `no coin with id "nope" in the current top ${depth}`,
        ),
        "503": storeUnavailable,
      },
      curl: "curl -s 'http://localhost:3000/api/coins/bitcoin/history?range=30d'",
      rateLimited: true,
    },
    {
      path: "/api/price/{coin}",
      operationId: "getPrice",
      summary: "One coin's price, in USD or the `vs` currency, as a bare number",
      description:
        "A plain decimal and a line end in text/plain, for spreadsheets (`=IMPORTDATA(…)`), widgets and shell scripts. Errors are JSON.",
      tag: "data",
      parameters: [priceCoinParameter, vsParameter, ifNoneMatchParameter],
      responses: {
        "200": {
          description: "The price.",
          content: { "text/plain": { schema: z.string().regex(PRICE_TEXT), example: "97123.456789\n" } },
          headers: ["ETag", "Cache-Control"],
        },
        "304": notModified,
        "400": error(
          "A malformed coin (`invalid_coin`) or an unknown currency (`invalid_vs`).",
          "invalid_vs",
          'vs must be a currency code: USD, EUR, GBP, … (any case); got "XYZ"',
        ),
        "404": error(
          "No such coin (`not_found`), or a coin without a price (`no_price`, with the merge's reason).",
          "no_price",
          "wings (WINGS) has no price: coinmarketcap lists no coin with symbol WINGS",
        ),
        "409": {
          description: "Several ranked coins share the symbol (`ambiguous`): ask again by one of the candidates' ids.",
          content: json(ambiguousSchema, ex.ambiguousExample),
        },
        "503": noDataOrRate,
      },
      curl: "curl -s http://localhost:3000/api/price/BTC",
      rateLimited: true,
    },
    {
      path: "/api/sparklines",
      operationId: "getSparklines",
      summary: "7-day sparklines of the top N coins",
      description:
        "Up to 42 closes of 4-hour periods per coin, keyed by `rankingId`, rounded to 6 significant digits; recomputed at most every 5 minutes.",
      tag: "data",
      parameters: [limitParameter(depth), ifNoneMatchParameter],
      responses: {
        "200": {
          description: "The lines.",
          content: json(sparklinesBodySchema, ex.sparklinesExample),
          headers: ["ETag", "Cache-Control"],
        },
        "304": notModified,
        "400": error("A bad limit (`invalid_limit`).", "invalid_limit", limitMessage),
        "503": storeUnavailable,
      },
      curl: "curl -s 'http://localhost:3000/api/sparklines?limit=10'",
      rateLimited: true,
    },
    {
      path: "/api/health",
      operationId: "getHealth",
      summary: "Per-source freshness, the store and the processes",
      description:
        "200 while data is served (`ok`, or `degraded` with the problems in words); 503 when there is none, with the reason. Never cached, never a 304; not rate-limited.",
      tag: "operations",
      parameters: [],
      responses: {
        "200": { description: "Serving.", content: json(healthServingSchema, ex.healthExample) },
        "503": {
          description: "Nothing to serve yet.",
          content: json(healthUnavailableSchema, ex.healthUnavailableExample),
          headers: ["Retry-After"],
        },
      },
      curl: "curl -s http://localhost:3000/api/health",
      rateLimited: false,
    },
    {
      path: "/api/version",
      operationId: "getVersion",
      summary: "What is running",
      description: "The package name and version and the Node.js version. Not rate-limited.",
      tag: "operations",
      parameters: [],
      responses: { "200": { description: "The versions.", content: json(versionBodySchema, ex.versionExample) } },
      curl: "curl -s http://localhost:3000/api/version",
      rateLimited: false,
    },
    {
      path: "/api/metrics",
      operationId: "getMetrics",
      summary: "Prometheus metrics of the web process",
      description: "The text exposition format; docs/operations.md lists every metric. Not rate-limited.",
      tag: "operations",
      parameters: [],
      responses: {
        "200": {
          description: "The metrics.",
          content: {
            "text/plain": {
              schema: z.string(),
              example: 'topcoins_http_requests_total{method="GET",route="/api/top",status="200"} 42\n',
            },
          },
        },
      },
      curl: "curl -s http://localhost:3000/api/metrics",
      rateLimited: false,
    },
    {
      path: "/api/cron/refresh",
      operationId: "runCronRefresh",
      summary: "One ranking and one pricing refresh (for hosts without services)",
      description:
        "Needs `Authorization: Bearer <CRON_SECRET>`; off while CRON_SECRET is unset. Spends provider quota. Not rate-limited.",
      tag: "operations",
      parameters: [],
      bearer: true,
      responses: {
        "200": { description: "Each role's result.", content: json(cronBodySchema) },
        "401": error(
          "No or a wrong bearer token (`unauthorized`).",
          "unauthorized",
          "send the CRON_SECRET as `Authorization: Bearer <secret>`",
        ),
        "502": error(
          "Both refreshes failed (`refresh_failed`).",
          "refresh_failed",
          "both refreshes failed (ranking: …; pricing: …)",
        ),
        "503": error(
          "`cron_disabled` (no CRON_SECRET), `config_invalid`, or `store_unavailable`.",
          "cron_disabled",
          "CRON_SECRET is not set, so this server accepts no cron refreshes",
        ),
      },
      curl: "curl -s -H 'Authorization: Bearer $CRON_SECRET' http://localhost:3000/api/cron/refresh",
      rateLimited: false,
    },
    {
      path: "/api/openapi.json",
      operationId: "getOpenApi",
      summary: "This contract as an OpenAPI 3.1 document",
      description:
        "Generated from the same zod schemas that describe the parameters and shape the answers. /docs renders it.",
      tag: "operations",
      parameters: [ifNoneMatchParameter],
      responses: {
        "200": {
          description: "The document.",
          content: json(
            z.looseObject({
              openapi: z.literal("3.1.0"),
              info: z.looseObject({ title: z.string(), version: z.string() }),
              paths: z.record(z.string(), z.unknown()),
            }),
          ),
          headers: ["ETag", "Cache-Control"],
        },
        "304": notModified,
      },
      curl: "curl -s http://localhost:3000/api/openapi.json",
      rateLimited: true,
    },
  ];
}
