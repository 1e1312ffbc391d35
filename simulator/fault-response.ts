/**
 * Turns a fault into what goes on the wire. Error modes answer in the provider's own error shape;
 * data modes start from the normal answer and damage it (empty list, strings for numbers, a
 * repeated item, invalid or cut-off JSON, a 25 MB body); transport modes delay, hang or reset.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Fault } from "./faults";
import { JSON_TYPE, type Provider, type RouteResult, SIMULATED_HEADER, sendJson, sendText } from "./http";
import {
  ccError,
  ccErrorOfType,
  ccRateLimitError,
  cgErrorOfCode,
  cgHttpStatus,
  cgStatusError,
  cgTextError,
  cmcError,
  cmcHttpStatus,
  httpMessage,
} from "./provider-errors";

/** Past the 25 MB a sane client should refuse to buffer. */
export const OVERSIZE_BYTES = 25 * 1024 * 1024 + 1024;
const DEFAULT_RETRY_AFTER_SECONDS = 60;

const HOSTS: Record<Provider, string> = {
  coinmarketcap: "pro-api.coinmarketcap.com",
  cryptocompare: "min-api.cryptocompare.com",
  coingecko: "api.coingecko.com",
};

export interface FaultContext {
  req: IncomingMessage;
  res: ServerResponse;
  provider: Provider;
  nowMs: number;
  produce: () => RouteResult;
  /** Resolves after ms, unless the simulator closes first. */
  sleep: (ms: number) => Promise<void>;
}

function baseHeaders(provider: Provider): Record<string, string> {
  return provider === "cryptocompare"
    ? { "Content-Type": JSON_TYPE, "Cache-Control": "public, max-age=10" }
    : { "Content-Type": JSON_TYPE };
}

function retryAfterHeader(fault: Fault, nowMs: number, fallback: boolean): Record<string, string> {
  if (fault.retryAfterDate !== undefined) return { "Retry-After": httpDate(nowMs, fault.retryAfterDate) };
  const value = fault.retryAfter ?? (fallback ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
  if (value === undefined) return {};
  if (value === "http-date") return { "Retry-After": httpDate(nowMs, DEFAULT_RETRY_AFTER_SECONDS) };
  return { "Retry-After": String(value) };
}

/** An IMF-fixdate (RFC 9110), whole seconds: "Sun, 29 Nov 2026 04:49:30 GMT". */
function httpDate(nowMs: number, afterSeconds: number): string {
  return new Date(nowMs + afterSeconds * 1000).toUTCString();
}

export function sendResult(res: ServerResponse, result: RouteResult, body: unknown = result.body): void {
  sendJson(res, result.status, body, result.headers ?? {});
}

const CLOUDFLARE_503 = (host: string) => `<!DOCTYPE html>
<html lang="en-US"><head><title>${host} | 503: Service temporarily unavailable</title>
<meta charset="UTF-8" /><meta name="robots" content="noindex, nofollow" /></head>
<body><div id="cf-wrapper"><h1>Service temporarily unavailable <span>Error code 503</span></h1>
<p>Visit <a href="https://www.cloudflare.com/5xx-error-landing">cloudflare.com</a> for more information.</p>
<p>Cloudflare Ray ID: <strong>8f1c2d3e4a5b6c7d</strong> &bull; Performance &amp; security by Cloudflare</p>
</div></body></html>
`;

export async function respondWithFault(fault: Fault, ctx: FaultContext): Promise<void> {
  const { res, provider, nowMs } = ctx;
  const headers = baseHeaders(provider);
  const cmc = provider === "coinmarketcap";
  switch (fault.mode) {
    case "delay":
      await ctx.sleep(fault.delayMs ?? 1000);
      if (!res.destroyed) sendResult(res, ctx.produce());
      return;
    case "hang":
      // Never answer: the socket stays open until the client gives up or the simulator closes.
      return;
    case "reset":
      ctx.req.socket.destroy();
      return;
    case "status": {
      const status = fault.status ?? 500;
      const body = cmc
        ? cmcError(status, nowMs, httpMessage(status))
        : provider === "coingecko"
          ? cgStatusBody(status)
          : ccError(fault.ccType ?? 0, httpMessage(status));
      sendJson(res, status, body, { ...headers, ...retryAfterHeader(fault, nowMs, false) });
      return;
    }
    case "error_code":
    case "error_body_200": {
      if (provider === "coingecko") {
        const code = fault.errorCode ?? 429;
        const status = fault.mode === "error_code" ? cgHttpStatus(code) : 200;
        sendJson(res, status, cgErrorOfCode(code, nowMs), { ...headers, ...retryAfterHeader(fault, nowMs, false) });
        return;
      }
      const code = fault.errorCode ?? 1008;
      const status = cmc && fault.mode === "error_code" ? cmcHttpStatus(code) : 200;
      const body = cmc ? cmcError(code, nowMs) : ccErrorOfType(fault.ccType ?? 99);
      sendJson(res, status, body, { ...headers, ...retryAfterHeader(fault, nowMs, false) });
      return;
    }
    case "rate_limit": {
      const body = cmc ? cmcError(1008, nowMs) : provider === "coingecko" ? cgStatusError(429) : ccRateLimitError();
      // CoinGecko's 429 carries Retry-After only sometimes: here only when the fault names one.
      sendJson(res, 429, body, { ...headers, ...retryAfterHeader(fault, nowMs, provider !== "coingecko") });
      return;
    }
    case "html": {
      sendText(res, 503, CLOUDFLARE_503(HOSTS[provider]), {
        "Content-Type": "text/html; charset=UTF-8",
        Server: "cloudflare",
      });
      return;
    }
    default:
      damageBody(fault, ctx);
  }
}

/** CoinGecko answers 401 and 429 in the `status` shape and everything else as `{error: "text"}`. */
function cgStatusBody(status: number) {
  return status === 401 || status === 429
    ? cgStatusError(status, httpMessage(status))
    : cgTextError(httpMessage(status));
}

/** The modes that start from the normal answer. */
function damageBody(fault: Fault, ctx: FaultContext): void {
  const { res } = ctx;
  const result = ctx.produce();
  const headers = result.headers ?? {};
  const text = JSON.stringify(result.body);
  switch (fault.mode) {
    case "empty":
      sendResult(res, result, result.variants?.empty() ?? result.body);
      return;
    case "wrong_types":
      sendResult(res, result, result.variants?.wrongTypes() ?? result.body);
      return;
    case "duplicate_ids":
      sendResult(res, result, result.variants?.duplicateIds() ?? result.body);
      return;
    case "malformed":
      // A trailing comma and an unterminated string: what a broken proxy or serializer produces.
      sendText(res, result.status, `${text.slice(0, -1)},"partial`, headers);
      return;
    case "truncated": {
      // No Content-Length: chunked encoding ends cleanly, so only the JSON parser can notice.
      const bytes = Buffer.from(text);
      res.writeHead(result.status, { ...SIMULATED_HEADER, ...headers });
      res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return;
    }
    case "oversize": {
      // Whitespace padding keeps the JSON valid and the shape unchanged: only the size is wrong.
      const padded = Buffer.concat([
        Buffer.from(text.slice(0, -1)),
        Buffer.alloc(OVERSIZE_BYTES, 0x20),
        Buffer.from(text.slice(-1)),
      ]);
      sendText(res, result.status, padded, headers);
      return;
    }
    default:
      sendResult(res, result);
  }
}
