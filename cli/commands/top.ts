// `topcoins top`: the merged top list from the store, or from a running server with --url.
import { MAX_RANKING_DEPTH } from "../../lib/config";
import { parseTopQuery, type TopQuery } from "../../lib/web/top-query";
import { parseCommandArgs, UsageError } from "../args";
import { TOP_HELP } from "../help";
import { type CliIo, cliConfig } from "../io";
import { topFromServer } from "./top-remote";
import { topFromStore } from "./top-store";

export type TopFormat = "table" | "csv" | "json";
const FORMATS: readonly TopFormat[] = ["table", "csv", "json"];

export async function runTop(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("top", args, {
    limit: { type: "string", short: "n" },
    offset: { type: "string" },
    sort: { type: "string" },
    order: { type: "string" },
    ids: { type: "string" },
    symbols: { type: "string" },
    fields: { type: "string" },
    "min-market-cap": { type: "string" },
    "min-volume": { type: "string" },
    exclude: { type: "string" },
    vs: { type: "string" },
    format: { type: "string", short: "f" },
    url: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(TOP_HELP);
    return 0;
  }
  const format = parseFormat(values.format);
  if (format === "table" && values.fields !== undefined) {
    throw new UsageError("--fields chooses the keys of --format json or the columns of --format csv", "top");
  }
  // The API's parameters, checked by the API's own rules and wording.
  const params = new URLSearchParams();
  for (const [option, name] of QUERY_OPTIONS) {
    const value = values[option];
    if (value !== undefined) params.set(name, value);
  }
  const baseUrl = values.url === undefined ? null : parseServerUrl(values.url);
  const config = cliConfig(io);
  if (baseUrl !== null) {
    // The server checks the query against its own depth and answers 400 beyond it; no server's
    // depth exceeds RANKING_DEPTH's upper bound.
    checkQuery(params, format, MAX_RANKING_DEPTH);
    return topFromServer({ baseUrl, params, format, timeoutMs: config.HTTP_TIMEOUT_MS }, io);
  }
  return topFromStore(config, checkQuery(params, format, config.RANKING_DEPTH), format, io);
}

/** The options that are /api/top's parameters (option, parameter), passed to the server as they are. */
const QUERY_OPTIONS = [
  ["limit", "limit"],
  ["offset", "offset"],
  ["sort", "sort"],
  ["order", "order"],
  ["ids", "ids"],
  ["symbols", "symbols"],
  ["fields", "fields"],
  ["min-market-cap", "min_market_cap"],
  ["min-volume", "min_volume"],
  ["exclude", "exclude"],
  ["vs", "vs"],
] as const;

function checkQuery(params: URLSearchParams, format: TopFormat, depth: number): TopQuery {
  const query = parseTopQuery(params, null, depth);
  if ("code" in query) throw new UsageError(query.message, "top");
  return { ...query, format: format === "csv" ? "csv" : "json" };
}

function parseFormat(raw: string | undefined): TopFormat {
  if (raw === undefined) return "table";
  const format = FORMATS.find((candidate) => candidate === raw);
  if (format === undefined) {
    throw new UsageError(`format must be table, csv or json; got ${JSON.stringify(raw.slice(0, 40))}`, "top");
  }
  return format;
}

function parseServerUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(
      `--url must be an http(s) URL such as http://localhost:3000; got ${JSON.stringify(raw)}`,
      "top",
    );
  }
  return raw.replace(/\/+$/, "");
}
