// The merged view the web serves: rows merged once per snapshot pair, plus per-source freshness.
// Pure: the caller passes the clock.
import { creditsSpentOn } from "../domain/credits";
import type { RatesPerUsd } from "../domain/currencies";
import type { ListingIndex } from "../domain/identity/listing-index";
import type { RegistryInput, StoredLink } from "../domain/identity/registry";
import { type MergeCounts, type MergedRow, mergeTop } from "../domain/merge";
import type { IdentityOverride } from "../domain/overrides";
import type {
  PriceQuote,
  PriceSnapshot,
  RankingSnapshot,
  SelectionMode,
  SourceRole,
  SourceState,
} from "../domain/types";
import type { FxState } from "../store/fx-rates";

export interface MergedSnapshots {
  rankingSnapshotId: number;
  pricingSnapshotId: number;
  /** The registry version the merge read (0: no registry). */
  registryVersion: number;
  /** Every provider link of the coins' assets, by asset id, as the merge read them: for /api/coins/{id}. */
  assetLinks: ReadonlyMap<string, readonly StoredLink[]>;
  rows: MergedRow[];
  counts: MergeCounts;
  /**
   * The whole price list the merge read (PRICING_DEPTH quotes, more than the ranked rows): for
   * /api/coins/{id} of a coin ranked below the depth. Absent in views built without one.
   */
  pricing?: { provider: string; quotes: readonly PriceQuote[] };
}

export interface SourceMeta {
  source: SourceRole;
  provider: string;
  snapshotId: number | null;
  fetchedAt: string | null;
  checkedAt: string | null;
  /** Seconds from checkedAt to meta.generatedAt. */
  ageSeconds: number | null;
  stale: boolean;
  staleAfterSeconds: number;
  refreshSeconds: number;
  lastError: string | null;
  lastErrorAt: string | null;
  /**
   * Which provider serves the source and why: as configured, as CoinGecko's keyless default, or
   * as a fallback while `primary` fails. Null until a service has reported it.
   */
  selection: { primary: string; mode: SelectionMode; reason: string | null; since: string } | null;
  /** Provider credits the source spent today (UTC); only CoinMarketCap bills credits. */
  creditsToday: number;
}

export interface TopMeta {
  generatedAt: string;
  simulated: boolean;
  depth: number;
  ranking: SourceMeta;
  pricing: SourceMeta;
  merge: MergeCounts;
}

/** The exchange-rate table as `vs=` answers read it: its source's freshness, judged like the others'. */
export interface FxMeta {
  provider: string;
  fetchedAt: string | null;
  checkedAt: string | null;
  ageSeconds: number | null;
  stale: boolean;
  staleAfterSeconds: number;
  refreshSeconds: number;
  lastError: string | null;
  lastErrorAt: string | null;
  nextAttemptAt: string | null;
}

export interface FxView {
  /** Units per US dollar by currency code; null before the first successful fetch. */
  perUsd: RatesPerUsd | null;
  meta: FxMeta;
}

export interface TopView {
  /** Changes whenever anything a response shows changes; the base of every ETag. */
  key: string;
  merged: MergedSnapshots;
  meta: TopMeta;
  /** The exchange rates; null until the FX service first reports (or with conversion off). */
  fx: FxView | null;
}

/** The asset registry as a merge of stored snapshots reads it, reconciled with those very snapshots. */
export interface RegistryReading {
  registry: RegistryInput;
  deeper?: ListingIndex;
  version: number;
}

export function mergeSnapshots(
  ranking: RankingSnapshot,
  pricing: PriceSnapshot,
  overrides: readonly IdentityOverride[],
  previousRanking: RankingSnapshot | null = null,
  divergencePct?: number,
  identity?: RegistryReading,
): MergedSnapshots {
  const { rows, counts } = mergeTop({
    rankingProvider: ranking.provider,
    pricingProvider: pricing.provider,
    entries: ranking.entries,
    quotes: pricing.quotes,
    overrides,
    previousRanks: previousRanking
      ? new Map(previousRanking.entries.map((entry) => [entry.providerId, entry.rank]))
      : undefined,
    divergencePct,
    registry: identity?.registry,
    deeper: identity?.deeper,
    registryIsCurrent: identity !== undefined,
  });
  const assetLinks = new Map<string, StoredLink[]>();
  for (const link of identity?.registry.links ?? []) {
    const list = assetLinks.get(link.assetId);
    if (list) list.push(link);
    else assetLinks.set(link.assetId, [link]);
  }
  return {
    rankingSnapshotId: ranking.id,
    pricingSnapshotId: pricing.id,
    registryVersion: identity?.version ?? 0,
    assetLinks,
    rows,
    counts,
    pricing: { provider: pricing.provider, quotes: pricing.quotes },
  };
}

/** A source is stale once nothing has confirmed its data for staleFactor refresh intervals. */
export function isStale(
  state: Pick<SourceState, "checkedAt" | "intervalSeconds">,
  staleFactor: number,
  now: Date,
): boolean {
  if (!state.checkedAt) return true;
  return now.getTime() - state.checkedAt.getTime() > staleFactor * state.intervalSeconds * 1000;
}

type Freshness = Pick<
  SourceState,
  "provider" | "fetchedAt" | "checkedAt" | "intervalSeconds" | "lastError" | "lastErrorAt"
>;

/** A source's freshness as answers show it: ISO times, whole-second age, the stale flag and its limit. */
function describeFreshness(state: Freshness, staleFactor: number, now: Date) {
  return {
    provider: state.provider,
    fetchedAt: state.fetchedAt?.toISOString() ?? null,
    checkedAt: state.checkedAt?.toISOString() ?? null,
    ageSeconds: state.checkedAt ? Math.max(0, Math.floor((now.getTime() - state.checkedAt.getTime()) / 1000)) : null,
    stale: isStale(state, staleFactor, now),
    staleAfterSeconds: staleFactor * state.intervalSeconds,
    refreshSeconds: state.intervalSeconds,
    lastError: state.lastError,
    lastErrorAt: state.lastErrorAt?.toISOString() ?? null,
  };
}

export function describeSource(state: SourceState, staleFactor: number, now: Date): SourceMeta {
  const { provider, ...freshness } = describeFreshness(state, staleFactor, now);
  return {
    source: state.role,
    provider,
    snapshotId: state.snapshotId,
    ...freshness,
    selection: state.selection && { ...state.selection, since: state.selection.since.toISOString() },
    creditsToday: creditsSpentOn(state, now),
  };
}

export function describeFx(state: FxState, staleFactor: number, now: Date): FxView {
  return {
    perUsd: state.perUsd,
    meta: { ...describeFreshness(state, staleFactor, now), nextAttemptAt: state.nextAttemptAt?.toISOString() ?? null },
  };
}

export interface ViewInput {
  merged: MergedSnapshots;
  ranking: SourceState;
  pricing: SourceState;
  depth: number;
  staleFactor: number;
  /** The store's change key: new snapshots, checks and errors all change it. */
  storeKey: string;
  /** The exchange rates as last read; null: none yet. */
  fx?: FxState | null;
  now: Date;
}

export function buildTopView(input: ViewInput): TopView {
  const ranking = describeSource(input.ranking, input.staleFactor, input.now);
  const pricing = describeSource(input.pricing, input.staleFactor, input.now);
  const { merged } = input;
  const fx = input.fx ? describeFx(input.fx, input.staleFactor, input.now) : null;
  return {
    key: [
      merged.rankingSnapshotId,
      merged.pricingSnapshotId,
      merged.registryVersion,
      input.storeKey,
      +ranking.stale,
      +pricing.stale,
      fx ? `${fx.meta.checkedAt}.${fx.meta.lastErrorAt}.${+fx.meta.stale}` : "-",
    ].join("|"),
    merged,
    fx,
    meta: {
      generatedAt: input.now.toISOString(),
      simulated: input.ranking.simulated || input.pricing.simulated,
      depth: input.depth,
      ranking,
      pricing,
      merge: merged.counts,
    },
  };
}

function fxStaleAt(fx: FxView, staleFactor: number, now: Date): boolean {
  const checkedAt = fx.meta.checkedAt === null ? null : new Date(fx.meta.checkedAt);
  return isStale({ checkedAt, intervalSeconds: fx.meta.refreshSeconds }, staleFactor, now);
}

/** True when the stale flags a view shows no longer hold at `now`. */
export function staleFlagsChanged(
  view: TopView,
  states: Record<SourceRole, SourceState>,
  staleFactor: number,
  now: Date,
) {
  return (
    view.meta.ranking.stale !== isStale(states.ranking, staleFactor, now) ||
    view.meta.pricing.stale !== isStale(states.pricing, staleFactor, now) ||
    (view.fx !== null && view.fx.meta.refreshSeconds > 0 && view.fx.meta.stale !== fxStaleAt(view.fx, staleFactor, now))
  );
}
