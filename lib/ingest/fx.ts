// The exchange-rate job: one call to CoinGecko's keyless /exchange_rates every FX_REFRESH_SECONDS,
// stored as units per US dollar for `vs=` to convert with. It runs in the pricing service, on the
// replica that holds the pricing lease, beside the price loop; a failure records the error and
// keeps the last good rates, which readers then flag stale like any source.
import type { AppConfig } from "@/lib/config";
import type { Logger } from "@/lib/log";
import { fetchCoinGeckoExchangeRates } from "@/lib/providers/coingecko/exchange-rates";
import { recordFxError, type Store, writeFxRates } from "@/lib/store";
import { coinGeckoLimiter, http, onProviderHost, PROVIDER_REFRESH_FLOOR_SECONDS } from "./fetchers";
import type { LeaseKeeper } from "./lease";
import { backoffMs, describeError, sleepFor } from "./service-loop";

export const FX_PROVIDER = "coingecko";

export interface FxContext {
  config: AppConfig;
  logger: Logger;
  store: Store;
  signal: AbortSignal;
}

export interface FxLoopOptions {
  /** When set, the job fetches only while this replica holds the pricing lease. */
  lease?: LeaseKeeper;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** The interval in effect: FX_REFRESH_SECONDS, at least 60 s on CoinGecko's own host; 0 = off. */
export function fxIntervalSeconds(config: AppConfig): number {
  const configured = config.FX_REFRESH_SECONDS;
  if (configured === 0) return 0;
  return onProviderHost(config, "coingecko") ? Math.max(configured, PROVIDER_REFRESH_FLOOR_SECONDS) : configured;
}

/** One fetch and store; throws on failure (the caller records it). */
export async function refreshFxRates(context: FxContext, now: () => Date = () => new Date()) {
  const { config, store, signal } = context;
  const fetched = await fetchCoinGeckoExchangeRates({
    baseUrl: config.COINGECKO_BASE_URL,
    apiKey: config.COINGECKO_API_KEY,
    plan: config.COINGECKO_PLAN,
    // Keyless calls share one allowance with the pricing role's CoinGecko calls.
    limiter: coinGeckoLimiter(config, "pricing"),
    ...http(config, signal),
  });
  const result = await writeFxRates(store.db, {
    provider: fetched.provider,
    perUsd: fetched.perUsd,
    at: now(),
    intervalSeconds: fxIntervalSeconds(config),
    simulated: fetched.simulated,
  });
  return { ...fetched, result };
}

/** Fetches the rates every interval until the signal aborts; never throws for an upstream failure. */
export async function runFxLoop(context: FxContext, options: FxLoopOptions = {}): Promise<void> {
  const { config, logger, store, signal } = context;
  const intervalSeconds = fxIntervalSeconds(config);
  if (intervalSeconds === 0) {
    logger.info("exchange rates are off (FX_REFRESH_SECONDS=0): vs= takes USD only");
    return;
  }
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  const intervalMs = intervalSeconds * 1000;
  let failures = 0;
  while (!signal.aborted) {
    if (options.lease && !options.lease.fence) {
      await options.lease.waitUntilHeld(signal);
      continue;
    }
    const started = Date.now();
    let waitMs = intervalMs;
    try {
      const fetched = await refreshFxRates(context, now);
      failures = 0;
      logger.info(
        {
          event: "fetch",
          source: "fx",
          provider: fetched.provider,
          outcome: fetched.result,
          durationMs: Date.now() - started,
          items: Object.keys(fetched.perUsd).length,
          warnings: fetched.warnings.length > 0 ? fetched.warnings : undefined,
        },
        fetched.result === "stored" ? "stored exchange rates" : "exchange rates unchanged",
      );
    } catch (error) {
      if (signal.aborted) break;
      failures++;
      waitMs = backoffMs(error, failures, intervalMs, random);
      logger.error(
        { event: "fetch", source: "fx", outcome: "error", failures, retryInMs: waitMs, err: error },
        `exchange-rate fetch failed: ${describeError(error)}`,
      );
      const failedAt = now();
      await recordFxError(store.db, {
        provider: FX_PROVIDER,
        error: describeError(error),
        at: failedAt,
        intervalSeconds,
        nextAttemptAt: new Date(failedAt.getTime() + Math.max(0, waitMs - (Date.now() - started))),
      }).catch((storeError: unknown) =>
        logger.error({ err: storeError }, `could not record the error in the store: ${describeError(storeError)}`),
      );
    }
    await sleep(Math.max(0, waitMs - (Date.now() - started)), signal);
  }
}
