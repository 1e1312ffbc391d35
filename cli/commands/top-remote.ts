// `topcoins top --url`: asks a running server for /api/top. CSV and JSON are printed as the server
// sent them; the table is drawn from the JSON body. A refusal in the standard error shape
// (`{error:{code,message}}`) is printed as the server worded it. Whatever the server sends, no
// control character reaches the terminal: an older server may not clean its providers' text.
import { z } from "zod";
import { cleanText, escapeUnsafeJson } from "../../lib/format/text";
import { joinUrl } from "../../lib/providers/shared/request";
import { type CliIo, writeLines } from "../io";
import { messageOf } from "../store-access";
import type { TopFormat } from "./top";
import { renderTopTable } from "./top-table";

export interface ServerTopRequest {
  baseUrl: string;
  /** /api/top's parameters as given (limit, offset, sort, order, ids, symbols, fields). */
  params: URLSearchParams;
  format: TopFormat;
  timeoutMs: number;
}

const sourceSchema = z.object({ provider: z.string(), ageSeconds: z.number().nullable(), stale: z.boolean() });

// Only the fields the table shows; the server's body has more.
const topBodySchema = z.object({
  data: z.array(
    z.object({
      rank: z.number(),
      id: z.string().optional(),
      symbol: z.string(),
      name: z.string(),
      priceUsd: z.number().nullable(),
      priceStatus: z.string(),
      priceReason: z.string().nullable(),
      change24hPct: z.number().nullable(),
      marketCapUsd: z.number().nullable(),
      price: z.number().nullish(),
      marketCap: z.number().nullish(),
      priceCheck: z
        .object({ referenceUsd: z.number(), divergencePct: z.number() })
        .nullish()
        .transform((check) => check ?? null),
    }),
  ),
  meta: z.object({
    simulated: z.boolean(),
    ranking: sourceSchema,
    pricing: sourceSchema,
    currency: z
      .object({
        code: z.string(),
        stale: z.boolean(),
        source: z.string().nullable(),
        ageSeconds: z.number().nullable(),
      })
      .optional(),
  }),
});

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export async function topFromServer(request: ServerTopRequest, io: CliIo): Promise<number> {
  const fail = (problem: string) => {
    io.stderr.write(`topcoins top: ${problem}\n`);
    return 1;
  };
  const query: Record<string, string> = Object.fromEntries(request.params);
  query.format = request.format === "csv" ? "csv" : "json";
  const url = joinUrl(request.baseUrl, "/api/top", query);

  let status: number;
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(request.timeoutMs) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return fail(`cannot reach ${request.baseUrl}: ${describeFetchFailure(error, request.timeoutMs)}`);
  }

  if (status !== 200) {
    const refusal = errorBodySchema.safeParse(parseJson(text));
    return fail(
      refusal.success
        ? `the server answered HTTP ${status} ${cleanText(refusal.data.error.code)}: ${cleanText(refusal.data.error.message)}`
        : `the server answered HTTP ${status} without the standard error body`,
    );
  }
  if (request.format === "csv") {
    // Line by line, so the CSV's own CRLF line ends stay.
    io.stdout.write(text.split("\r\n").map(cleanText).join("\r\n"));
    return 0;
  }
  const body = topBodySchema.safeParse(parseJson(text));
  if (!body.success) return fail(`the server's answer is not a Top Coins /api/top body (${url})`);
  if (request.format === "json") io.stdout.write(`${escapeUnsafeJson(text)}\n`);
  else writeLines(io.stdout, renderTopTable(body.data.data, body.data.meta));
  return 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  return messageOf(error);
}
