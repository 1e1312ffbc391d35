// The ranking service: polls the ranking provider (the CryptoCompare toplist by default, CoinGecko
// without a key, or any provider named by RANKING_PROVIDER), failing over to RANKING_FALLBACK while
// it fails, and writes ranking snapshots. After each cycle served by CryptoCompare it backfills a
// few coins' price history from CryptoCompare in the background.
import { writeRankingSnapshot } from "@/lib/store";
import { runService } from "./bootstrap";
import { createBackfillRunner } from "./history-backfill";
import { rankingFetcher } from "./providers";
import { createRoleSource, fallbacksOf, roleStartProblem } from "./role-source";
import { runServiceLoop } from "./service-loop";

await runService(
  "ranking",
  (config) => roleStartProblem(config, "ranking"),
  async ({ config, logger, store, signal }) => {
    const source = createRoleSource(config, "ranking", logger, rankingFetcher);
    // The backfill reads CryptoCompare's history by the ranking's symbols; while another provider
    // ranks, the charts fill from the prices recorded from now on.
    const rankers = [config.RANKING_PROVIDER, ...fallbacksOf(config, "ranking")];
    if (!rankers.includes("cryptocompare")) {
      logger.info(
        { provider: config.RANKING_PROVIDER },
        "history backfill is off: it reads CryptoCompare, which does not rank the coins here",
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
        get provider() {
          return source.provider;
        },
        get intervalSeconds() {
          return source.intervalSeconds;
        },
        selection: () => source.selection,
        async fetch(fetchSignal) {
          const { outcome, selection } = await source.fetch(fetchSignal);
          return { ...outcome, records: outcome.entries, selection };
        },
        write: (target, outcome, hash, fetchedAt) =>
          writeRankingSnapshot(target.db, {
            provider: outcome.provider,
            fetchedAt,
            contentHash: hash,
            entries: outcome.entries,
            intervalSeconds: source.intervalSeconds,
            simulated: outcome.simulated,
            selection: outcome.selection,
          }),
        // Not awaited beyond the trigger: a slow backfill must not push back the next ranking fetch.
        afterCycle: ({ outcome }) => {
          if (outcome.provider === "cryptocompare") backfill.trigger(outcome.entries);
        },
      },
      { store, logger, signal },
    );
    // The store closes when this returns; let a running round finish (its calls abort with the signal).
    await backfill.idle();
  },
);
