/** Small node:http helpers shared by the data routes, the fault layer and the control endpoints. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export type Provider = "coinmarketcap" | "cryptocompare" | "coingecko";

/** Every response says the data is simulated, so nothing downstream can mistake it for real. */
export const SIMULATED_HEADER = { "X-Simulated-Data": "true" } as const;
export const JSON_TYPE = "application/json; charset=utf-8";

/** What a data route produces before the fault layer decides how (or whether) to send it. */
export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Present on success bodies only: the shape-aware edits the data faults need. */
  variants?: BodyVariants;
}

export interface BodyVariants {
  empty(): unknown;
  wrongTypes(): unknown;
  duplicateIds(): unknown;
}

export interface DataRequest {
  url: URL;
  headers: IncomingHttpHeaders;
  nowMs: number;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string | Buffer,
  headers: Record<string, string | number> = {},
): void {
  const body = typeof text === "string" ? Buffer.from(text) : text;
  res.writeHead(status, { ...SIMULATED_HEADER, "Content-Type": JSON_TYPE, "Content-Length": body.length, ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  sendText(res, status, JSON.stringify(body), headers);
}

/** The first value of a header that node may have given as a list. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const MAX_CONTROL_BODY = 64 * 1024;

/** Reads a small request body (control endpoints only); rejects oversized input. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CONTROL_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A strict integer query parameter: undefined when absent, NaN when present but not a plain
 * integer ("10.5", "1e3" and "" are rejected, as the providers reject them).
 */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
}
