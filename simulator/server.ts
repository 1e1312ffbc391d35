/**
 * The market simulator's HTTP server (node:http only). One port serves every provider: paths under
 * /v1/ are CoinMarketCap, /data/ is CryptoCompare, /api/v3/ is CoinGecko, /_sim/ is control. Point
 * CMC_BASE_URL and CRYPTOCOMPARE_BASE_URL at the returned url, and a CoinGecko client at url + /api/v3.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CmcUsage } from "./cmc-usage";
import { respondWithFault, sendResult } from "./fault-response";
import { FaultRegistry } from "./faults";
import { type DataRequest, type Provider, type RouteResult, sendJson } from "./http";
import { Market } from "./market";
import { MarketView } from "./market-view";
import { RequestLog } from "./request-log";
import { CG_PREFIX, cgEndpoint, handleCoinGecko } from "./routes/coingecko";
import { cmcEndpoint, handleCoinMarketCap } from "./routes/coinmarketcap";
import { handleControl } from "./routes/control";
import { ccEndpoint, handleCryptoCompare } from "./routes/cryptocompare";

export interface SimulatorOptions {
  /** 0 = an ephemeral port (the default, for tests). */
  port?: number;
  host?: string;
  seed?: number;
  /** Seconds between automatic ticks; 0 (the default here) = only POST /_sim/tick moves the market. */
  tickSeconds?: number;
  cmcKey?: string;
  cryptocompareKey?: string;
  /** The CoinGecko Demo key calls must send; absent = keyless (any call accepted). */
  coingeckoKey?: string;
  /** Clock in ms, for tests that need reproducible timestamps. */
  now?: () => number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  seed: number;
  cmcKey: string;
  cryptocompareKey: string;
  /** null = keyless CoinGecko. */
  coingeckoKey: string | null;
  /** The live market, for in-process tests that want to predict or inspect it. */
  market: Market;
  close(): Promise<void>;
}

export const DEFAULT_CMC_KEY = "sim-cmc-key";
export const DEFAULT_CRYPTOCOMPARE_KEY = "sim-cc-key";

function providerOf(pathname: string): Provider | null {
  if (pathname.startsWith("/data/") || pathname === "/data") return "cryptocompare";
  if (pathname.startsWith(`${CG_PREFIX}/`)) return "coingecko";
  if (/^\/v\d+\//.test(pathname)) return "coinmarketcap";
  return null;
}

/** The endpoint's short name ("listings", "coins_list"…): the fault filter and the log's suffix. */
function endpointOf(provider: Provider, pathname: string): string {
  if (provider === "coinmarketcap") return cmcEndpoint(pathname);
  if (provider === "coingecko") return cgEndpoint(pathname);
  return ccEndpoint(pathname);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 42;
  const cmcKey = options.cmcKey ?? DEFAULT_CMC_KEY;
  const cryptocompareKey = options.cryptocompareKey ?? DEFAULT_CRYPTOCOMPARE_KEY;
  const coingeckoKey = options.coingeckoKey ?? null;
  const now = options.now ?? Date.now;
  const market = new Market(seed);
  const view = new MarketView(market);
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const cmcUsage = new CmcUsage();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const handleData = async (req: IncomingMessage, res: ServerResponse, url: URL, provider: Provider) => {
    const endpoint = endpointOf(provider, url.pathname);
    log.track(`${provider}.${endpoint}`, url.pathname, now(), res);
    // Built on demand so a delayed answer reflects the market and clock when it is finally sent.
    const produce = (): RouteResult => {
      const request: DataRequest = { url, headers: req.headers, nowMs: now() };
      if (provider === "coinmarketcap") return handleCoinMarketCap(request, view, cmcKey, cmcUsage);
      if (provider === "coingecko") return handleCoinGecko(request, view, coingeckoKey);
      return handleCryptoCompare(request, view, cryptocompareKey);
    };
    const fault = faults.take(provider, endpoint);
    if (fault) await respondWithFault(fault, { req, res, provider, nowMs: now(), produce, sleep });
    else sendResult(res, produce());
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    if (url.pathname.startsWith("/_sim/")) return handleControl(req, res, url, { market, view, faults, log, cmcUsage });
    const provider = providerOf(url.pathname);
    if (provider) return handleData(req, res, url, provider);
    sendJson(res, 404, {
      error: {
        code: "not_found",
        message: "Simulated hosts: /v1/… (CoinMarketCap), /data/… (CryptoCompare), /api/v3/… (CoinGecko), /_sim/…",
      },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: { code: "internal", message: String(error) } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  const tickSeconds = options.tickSeconds ?? 0;
  const ticker = tickSeconds > 0 ? setInterval(() => market.advance(1), tickSeconds * 1000) : null;
  ticker?.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    seed,
    cmcKey,
    cryptocompareKey,
    coingeckoKey,
    market,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (ticker) clearInterval(ticker);
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Hanging and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
