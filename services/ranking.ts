// The ranking service: polls the ranking provider (the CryptoCompare toplist by default, or
// CoinGecko) and writes ranking snapshots; after each cycle it backfills a few coins' price
// history from CryptoCompare in the background, when CryptoCompare is the ranking provider.
import { writeRankingSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createBackfillRunner } from "./history-backfill";
import { intervalFor, missingKeyFor, rankingSource } from "./providers";
import { runServiceLoop } from "./service-loop";

await runService(
  "ranking",
  (config) => missingKeyFor(config, "ranking"),
  async ({ config, logger, store, signal }) => {
    const source = rankingSource(config);
    const intervalSeconds = intervalFor(config, "ranking", logger);
    // The backfill reads CryptoCompare's history by the ranking's symbols; with another ranking
    // provider the charts fill from the prices recorded from now on.
    const backfillEnabled = source.provider === "cryptocompare";
    if (!backfillEnabled) {
      logger.info(
        { provider: source.provider },
        "history backfill is off: it reads CryptoCompare, not the ranking provider",
      );
    }
    const backfill = createBackfillRunner({
      store,
      logger,
      baseUrl: config.CRYPTOCOMPARE_BASE_URL,
      apiKey: config.CRYPTOCOMPARE_API_KEY,
      perCycle: config.HISTORY_BACKFILL_PER_CYCLE,
      http: {
        timeoutMs: config.HTTP_TIMEOUT_MS,
        retries: config.HTTP_RETRIES,
        maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
        signal,
      },
    });
    await runServiceLoop(
      {
        role: "ranking",
        provider: source.provider,
        intervalSeconds,
        async fetch(fetchSignal) {
          const fetched = await source.fetch(fetchSignal);
          return { ...fetched, records: fetched.entries };
        },
        write: (target, outcome, hash, fetchedAt) =>
          writeRankingSnapshot(target.db, {
            provider: outcome.provider,
            fetchedAt,
            contentHash: hash,
            entries: outcome.entries,
            intervalSeconds,
            simulated: outcome.simulated,
          }),
        // Not awaited beyond the trigger: a slow backfill must not push back the next ranking fetch.
        afterCycle: ({ outcome }) => {
          if (backfillEnabled) backfill.trigger(outcome.entries);
        },
      },
      { store, logger, signal },
    );
    // The store closes when this returns; let a running round finish (its calls abort with the signal).
    await backfill.idle();
  },
);
