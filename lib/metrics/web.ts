// The web's view of the data, computed at scrape time from the view store: each source's age,
// staleness, interval, provider and errors, the merge counts and the credits spent today. The web
// never calls an upstream, so a source's lastError (written by its service) says an upstream fails.
import { Gauge, type Registry } from "prom-client";
import type { SourceRole, SourceState } from "../domain/types";
import type { LeaseInfo } from "../store";
import { describeSource, type TopView } from "../web/view";
import { metricGroup, renderMetrics } from "./registry";

/** The parts of the view store the metrics read (a ViewStore satisfies it). */
export interface ViewStoreReading {
  readonly current: TopView | null;
  readonly sourceStates: Readonly<Record<SourceRole, SourceState>> | null;
  readonly staleFactor: number;
  readonly status: { readonly storeReachable: boolean };
  /** Each role's lease as of the last check of the store. */
  readonly leases: readonly LeaseInfo[];
}

const ROLES = ["ranking", "pricing"] as const;

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]) {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

const web = () =>
  metricGroup("web", (registry) => ({
    viewAvailable: gauge(
      registry,
      "topcoins_view_available",
      "1 while the web holds a merged view to serve, 0 before the first pair of snapshots.",
      [],
    ),
    storeReachable: gauge(
      registry,
      "topcoins_store_reachable",
      "1 when the web's last check of the store succeeded.",
      [],
    ),
    age: gauge(
      registry,
      "topcoins_source_age_seconds",
      "Seconds since the source's data was last confirmed by its provider (checkedAt).",
      ["role"],
    ),
    stale: gauge(
      registry,
      "topcoins_source_stale",
      "1 when the source is stale (its age is past staleAfterSeconds); stale data is still served.",
      ["role"],
    ),
    staleAfter: gauge(
      registry,
      "topcoins_source_stale_after_seconds",
      "The age at which the source counts as stale (STALE_FACTOR refresh intervals).",
      ["role"],
    ),
    refresh: gauge(
      registry,
      "topcoins_source_refresh_seconds",
      "The refresh interval in effect for the source (refreshSeconds).",
      ["role"],
    ),
    failing: gauge(
      registry,
      "topcoins_source_failing",
      "1 when the source's last fetch failed (lastError is set), 0 once a fetch succeeds again.",
      ["role"],
    ),
    lastErrorAt: gauge(
      registry,
      "topcoins_source_last_error_timestamp_seconds",
      "Unix time of the source's last failed fetch (kept after recovery).",
      ["role"],
    ),
    snapshotId: gauge(
      registry,
      "topcoins_source_snapshot_id",
      "Id of the source's snapshot being served; it grows when the content changes.",
      ["role"],
    ),
    provider: gauge(
      registry,
      "topcoins_source_provider_info",
      "1 for the provider serving each role and why: configured, keyless_default or failover.",
      ["role", "provider", "mode"],
    ),
    credits: gauge(
      registry,
      "topcoins_cmc_credits_today",
      "CoinMarketCap credits the role spent today (UTC day), as recorded by its service.",
      ["role"],
    ),
    mergeCoins: gauge(
      registry,
      "topcoins_merge_coins",
      "Ranked coins in the served view by merge result: matched (priced), ambiguous, not_listed.",
      ["status"],
    ),
    mergeLinks: gauge(
      registry,
      "topcoins_merge_links",
      "Priced rows in the served view by the rule of their identity link: override, contract, evidence, id.",
      ["rule"],
    ),
    mergeContradicted: gauge(
      registry,
      "topcoins_merge_links_contradicted",
      "Links in the served view whose evidence contradicts them in the current snapshots (kept until IDENTITY_UNLINK_AFTER in a row).",
      [],
    ),
    mergePricedById: gauge(
      registry,
      "topcoins_merge_priced_by_id",
      "Priced rows whose quote was fetched by id, the coin being deeper than the price list.",
      [],
    ),
    priceCheckFlagged: gauge(
      registry,
      "topcoins_merge_price_check_flagged",
      "Priced rows whose price is more than PRICE_DIVERGENCE_PCT away from the ranking provider's.",
      [],
    ),
    leaseHolder: gauge(
      registry,
      "topcoins_lease_holder",
      "1 for the service replica holding each role's lease as stored (live 1 until it lapses, then 0).",
      ["role", "holder"],
    ),
    leaseExpires: gauge(
      registry,
      "topcoins_lease_expires_timestamp_seconds",
      "Unix time the role's lease lapses unless its holder renews it.",
      ["role"],
    ),
    leaseToken: gauge(
      registry,
      "topcoins_lease_token",
      "The role's lease fencing token; it grows by one whenever the lease changes hands.",
      ["role"],
    ),
    duplicates: gauge(
      registry,
      "topcoins_merge_duplicate_ids",
      "Records dropped from the merge because their provider id repeated, by role.",
      ["role"],
    ),
  }));

/** Sets the web's gauges from the view store as it is at `now`. */
export function observeViewStore(viewStore: ViewStoreReading, now: Date): void {
  const metrics = web();
  // Series of a former provider, or of a source that lost its data, must not linger.
  for (const metric of Object.values(metrics)) metric.reset();
  const view = viewStore.current;
  metrics.viewAvailable.set(view ? 1 : 0);
  metrics.storeReachable.set(viewStore.status.storeReachable ? 1 : 0);
  const states = viewStore.sourceStates;
  if (states) {
    for (const role of ROLES) observeSource(metrics, describeSource(states[role], viewStore.staleFactor, now));
  }
  for (const lease of viewStore.leases) {
    metrics.leaseHolder.set({ role: lease.role, holder: lease.holder }, lease.expiresAt > now ? 1 : 0);
    metrics.leaseExpires.set({ role: lease.role }, lease.expiresAt.getTime() / 1000);
    metrics.leaseToken.set({ role: lease.role }, lease.token);
  }
  if (view) {
    const { merge } = view.meta;
    metrics.mergeCoins.set({ status: "matched" }, merge.matched);
    metrics.mergeCoins.set({ status: "ambiguous" }, merge.ambiguous);
    metrics.mergeCoins.set({ status: "not_listed" }, merge.notListed);
    for (const [rule, count] of Object.entries(merge.byRule)) metrics.mergeLinks.set({ rule }, count);
    metrics.mergeContradicted.set(merge.contradicted);
    metrics.mergePricedById.set(merge.pricedById);
    metrics.priceCheckFlagged.set(merge.priceCheckFlagged);
    metrics.duplicates.set({ role: "ranking" }, merge.duplicateRankingIds);
    metrics.duplicates.set({ role: "pricing" }, merge.duplicatePricingIds);
  }
}

function observeSource(metrics: ReturnType<typeof web>, source: ReturnType<typeof describeSource>): void {
  const role = source.source;
  if (source.ageSeconds !== null) metrics.age.set({ role }, source.ageSeconds);
  metrics.stale.set({ role }, source.stale ? 1 : 0);
  metrics.staleAfter.set({ role }, source.staleAfterSeconds);
  metrics.refresh.set({ role }, source.refreshSeconds);
  metrics.failing.set({ role }, source.lastError ? 1 : 0);
  if (source.lastErrorAt) metrics.lastErrorAt.set({ role }, Date.parse(source.lastErrorAt) / 1000);
  if (source.snapshotId !== null) metrics.snapshotId.set({ role }, source.snapshotId);
  // A service from before provider selection was recorded reports none: its mode is unknown.
  metrics.provider.set({ role, provider: source.provider, mode: source.selection?.mode ?? "unknown" }, 1);
  metrics.credits.set({ role }, source.creditsToday);
}

/** GET /api/metrics: the web's gauges as of now, then the whole registry. */
export async function handleMetrics(viewStore: ViewStoreReading, now = new Date()): Promise<Response> {
  observeViewStore(viewStore, now);
  const { contentType, body } = await renderMetrics();
  return new Response(body, {
    status: 200,
    headers: { "content-type": contentType, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
