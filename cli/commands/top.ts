// `topcoins top`: the merged top list from the store, or from a running server with --url.
import { MAX_RANKING_DEPTH } from "../../lib/config";
import { parseLimit } from "../../lib/web/top-query";
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
    format: { type: "string", short: "f" },
    url: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(TOP_HELP);
    return 0;
  }
  const format = parseFormat(values.format);
  const baseUrl = values.url === undefined ? null : parseServerUrl(values.url);
  const config = cliConfig(io);
  if (baseUrl !== null) {
    // The server checks the limit against its own depth and answers 400 beyond it; no server's
    // depth exceeds RANKING_DEPTH's upper bound.
    const limit = values.limit === undefined ? null : checkLimit(values.limit, MAX_RANKING_DEPTH);
    return topFromServer({ baseUrl, limit, format, timeoutMs: config.HTTP_TIMEOUT_MS }, io);
  }
  const limit = values.limit === undefined ? config.RANKING_DEPTH : checkLimit(values.limit, config.RANKING_DEPTH);
  return topFromStore(config, { limit, format }, io);
}

/** The API's own rule and wording for `limit`. */
function checkLimit(raw: string, depth: number): number {
  const limit = parseLimit(new URLSearchParams([["limit", raw]]), depth);
  if (typeof limit !== "number") throw new UsageError(limit.message, "top");
  return limit;
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
