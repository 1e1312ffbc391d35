// Keeps the merged view in memory and rebuilds it only when the store says something changed.
// The change signal is a cheap version query, at most once a second on SQLite; on PostgreSQL the
// services NOTIFY after each commit and the view store LISTENs, with a slower version check as a
// safety net. Requests never touch the store.
import { getConfig } from "../config";
import type { ListingIndex } from "../domain/identity/listing-index";
import type { IdentityOverride } from "../domain/overrides";
import type { SourceRole, SourceState } from "../domain/types";
import { createLogger, type Logger } from "../log";
import { OverridesSource } from "../overrides-file";
import {
  type LeaseInfo,
  migrateToLatest,
  openStore,
  readFxState,
  readFxVersion,
  readIdentityFetch,
  readIdentityIndex,
  readLeases,
  readPreviousRankingSnapshot,
  readPriceSnapshot,
  readRankingSnapshot,
  readRegistryFor,
  readRegistryVersion,
  readSourceStates,
  readStoreVersion,
  type Store,
} from "../store";
import { type ChangeListener, listenForStoreChanges } from "../store/change-listener";
import type { FxState } from "../store/fx-rates";
import { type StoreTimeouts, storeTimeoutsFromConfig } from "../store/timeouts";
import { buildTopView, type MergedSnapshots, mergeSnapshots, staleFlagsChanged, type TopView } from "./view";

export interface ViewStoreOptions {
  store: Store;
  /** The reviewed overrides, or where to read them each check (a file that may change). */
  overrides: readonly IdentityOverride[] | (() => readonly IdentityOverride[]);
  /** IDENTITY_UNLINK_AFTER, as the services use it. */
  unlinkAfter?: number;
  depth: number;
  staleFactor: number;
  /** The price check's threshold in percent; the merge's default when absent. */
  divergencePct?: number;
  logger: Logger;
  now?: () => Date;
  /** A check still unanswered after this long marks the store unreachable (a stalled database). */
  checkTimeoutMs?: number;
  /** False when the FX service is off (FX_REFRESH_SECONDS=0): `vs=` then takes USD only. */
  fxEnabled?: boolean;
}

// A database that accepts connections but never answers (a network partition) would otherwise
// leave the check hanging and health saying "reachable" for as long as TCP keeps trying.
const DEFAULT_CHECK_TIMEOUT_MS = 5000;

export interface ViewStoreStatus {
  storeReachable: boolean;
  storeError: string | null;
  lastCheckAt: string | null;
  /** Roles with no snapshot yet. */
  missing: SourceRole[];
  /** What each role without a snapshot last reported: its provider, last error and next try. */
  waiting: WaitingSource[];
}

export interface WaitingSource {
  role: SourceRole;
  /** Null when no service has reported the role yet. */
  provider: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  nextAttemptAt: string | null;
}

/** A wait in words: "in 58 s", "in 3 min", "due now". */
export function inWords(ms: number): string {
  if (ms <= 0) return "due now";
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `in ${seconds} s` : `in ${Math.round(seconds / 60)} min`;
}

/**
 * Why there is no data yet, in words: the store, or the snapshots still missing and, for each
 * source that failed, its provider, its last error and when its service tries again.
 */
export function noDataReason(status: ViewStoreStatus, now: Date): string {
  if (!status.storeReachable) return "the store is not reachable yet; try again shortly";
  const waitingFor = `no data yet: waiting for the first ${status.missing.join(" and ") || "snapshots"} snapshot`;
  const failures = status.waiting
    .filter((source) => source.lastError !== null)
    .map((source) => {
      const next =
        source.nextAttemptAt === null ? "" : `, next try ${inWords(Date.parse(source.nextAttemptAt) - now.getTime())}`;
      return `${source.provider} (${source.role}) has not delivered: ${source.lastError}${next}`;
    });
  return [waitingFor, ...failures].join("; ");
}

export class ViewStore {
  private view: TopView | null = null;
  private merged: MergedSnapshots | null = null;
  private states: Record<SourceRole, SourceState> | null = null;
  private fx: FxState | null = null;
  private fxVersion: string | null = null;
  private storeKey: string | null = null;
  private leaseRows: LeaseInfo[] = [];
  private mergedOverrides: readonly IdentityOverride[] | null = null;
  private deeper: { provider: string; fetchedAt: number; index: ListingIndex } | null = null;
  private migrated = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private listener: ChangeListener | null = null;
  private readonly now: () => Date;
  /** The view store's clock (injected in tests), for answers that say how long until something. */
  readonly clock: () => Date;
  readonly status: ViewStoreStatus = {
    storeReachable: false,
    storeError: null,
    lastCheckAt: null,
    missing: [],
    waiting: [],
  };

  constructor(private readonly options: ViewStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.clock = this.now;
  }

  /** The current view, or null while the store holds no complete pair of snapshots. */
  get current(): TopView | null {
    return this.view;
  }

  /** Which service replica holds each role's lease, as of the last check. */
  get leases(): readonly LeaseInfo[] {
    return this.leaseRows;
  }

  /** The source states behind the current view, for health checks. */
  get sourceStates(): Readonly<Record<SourceRole, SourceState>> | null {
    return this.states;
  }

  get staleFactor(): number {
    return this.options.staleFactor;
  }

  /** The exchange rates as last read; null before the FX service first reports. */
  get fxState(): FxState | null {
    return this.fx;
  }

  /** False when this deployment converts to USD only (FX_REFRESH_SECONDS=0). */
  get fxEnabled(): boolean {
    return this.options.fxEnabled ?? true;
  }

  get dialect(): Store["dialect"] {
    return this.options.store.dialect;
  }

  /** The store itself, for handlers that query it directly (price history). */
  get store(): Store {
    return this.options.store;
  }

  /** The web process's logger, so handlers log store failures with the same context. */
  get logger(): Logger {
    return this.options.logger;
  }

  /** Checks the store once a second in the background. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  /** PostgreSQL: checks the store as soon as a service commits a change (LISTEN/NOTIFY). */
  listenForChanges(url: string, timeouts?: StoreTimeouts): void {
    const { logger } = this.options;
    this.listener ??= listenForStoreChanges(
      url,
      {
        onChange: () => void this.refresh(),
        onListening: () => {
          logger.info("listening for store changes");
          void this.refresh();
        },
        onError: (error, retryInMs) =>
          logger.error({ err: error, retryInMs }, `store change listener failed: ${error.message}`),
      },
      { timeouts },
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.listener?.close();
    this.listener = null;
    await this.inFlight;
    await this.options.store.close();
  }

  /**
   * One check of the store. A call while a check runs gets one more check after it (the running
   * one may have read the store before the change that prompted the call); further calls share
   * that one. Never throws.
   */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.queued ??= this.inFlight.then(() => {
        this.queued = null;
        return this.refresh();
      });
      return this.queued;
    }
    this.inFlight = this.check().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** A check, awaited no longer than the check timeout: for a request that must not hang on the store. */
  async refreshWithin(): Promise<void> {
    // The check first: its own timer, set as it starts, then fires first and marks the store.
    const checked = this.refresh();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.checkTimeoutMs);
    });
    await Promise.race([checked, timeout]);
    clearTimeout(timer);
  }

  private get checkTimeoutMs(): number {
    return this.options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  }

  private async check(): Promise<void> {
    const timeoutMs = this.checkTimeoutMs;
    // The check goes on (a query cannot be taken back); when it ends well the store is reachable again.
    const overdue = setTimeout(
      () => this.markUnreachable(this.now(), new Error(`the store did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    overdue.unref();
    try {
      await this.checkOnce();
    } finally {
      clearTimeout(overdue);
    }
  }

  private async checkOnce(): Promise<void> {
    const { db } = this.options.store;
    const now = this.now();
    try {
      if (!this.migrated) {
        await migrateToLatest(db);
        this.migrated = true;
      }
      const [version, leases, registryVersion, fxVersion] = await Promise.all([
        readStoreVersion(db),
        readLeases(db),
        readRegistryVersion(db),
        readFxVersion(db),
      ]);
      this.leaseRows = leases;
      this.markReachable(now);
      if (fxVersion !== this.fxVersion) {
        this.fx = await readFxState(db);
        this.fxVersion = fxVersion;
      }
      const overrides = this.currentOverrides();
      const storeKey = `${version.key}|registry ${registryVersion}|fx ${fxVersion}`;
      const staleMoved =
        this.view && this.states && staleFlagsChanged(this.view, this.states, this.options.staleFactor, now);
      if (storeKey === this.storeKey && overrides === this.mergedOverrides && !staleMoved) return;

      const states = await readSourceStates(db);
      this.status.missing = (["ranking", "pricing"] as const).filter((role) => !states[role]?.snapshotId);
      this.status.waiting = this.status.missing.map((role) => {
        const state = states[role];
        return {
          role,
          provider: state?.provider ?? null,
          lastError: state?.lastError ?? null,
          lastErrorAt: state?.lastErrorAt?.toISOString() ?? null,
          nextAttemptAt: state?.nextAttemptAt?.toISOString() ?? null,
        };
      });
      if (!states.ranking?.snapshotId || !states.pricing?.snapshotId) {
        this.storeKey = storeKey;
        return;
      }
      if (
        this.merged?.rankingSnapshotId !== states.ranking.snapshotId ||
        this.merged?.pricingSnapshotId !== states.pricing.snapshotId ||
        this.merged?.registryVersion !== registryVersion ||
        overrides !== this.mergedOverrides
      ) {
        // Read the very snapshots the states name, so the rows and the meta describe the same pair.
        const [ranking, pricing, previousRanking] = await Promise.all([
          readRankingSnapshot(db, states.ranking.snapshotId),
          readPriceSnapshot(db, states.pricing.snapshotId),
          readPreviousRankingSnapshot(db, states.ranking.snapshotId),
        ]);
        if (!ranking || !pricing) return;
        const registry = await readRegistryFor(
          db,
          {
            rankingProvider: ranking.provider,
            rankingSnapshotId: ranking.id,
            pricingProvider: pricing.provider,
            pricingSnapshotId: pricing.id,
          },
          (provider) => this.deeperIndex(provider),
        );
        this.merged = mergeSnapshots(ranking, pricing, overrides, previousRanking, this.options.divergencePct, {
          registry: { links: registry.links, contracts: registry.contracts, unlinkAfter: this.options.unlinkAfter },
          deeper: registry.deeper,
          version: registry.version,
        });
        this.mergedOverrides = overrides;
        this.options.logger.info(
          { rankingSnapshotId: ranking.id, pricingSnapshotId: pricing.id, ...this.merged.counts },
          "merged view rebuilt",
        );
      }
      this.states = { ranking: states.ranking, pricing: states.pricing };
      this.storeKey = storeKey;
      this.view = buildTopView({
        merged: this.merged,
        ranking: states.ranking,
        pricing: states.pricing,
        depth: this.options.depth,
        staleFactor: this.options.staleFactor,
        storeKey: version.key,
        fx: this.fx,
        now,
      });
    } catch (error) {
      this.markUnreachable(now, error);
    }
  }

  private currentOverrides(): readonly IdentityOverride[] {
    const { overrides } = this.options;
    return typeof overrides === "function" ? overrides() : overrides;
  }

  // The pricing provider's identity list changes once a day: read again only when it does.
  private async deeperIndex(provider: string): Promise<ListingIndex | undefined> {
    const { db } = this.options.store;
    const state = await readIdentityFetch(db, provider);
    if (!state?.fetchedAt) return undefined;
    const fetchedAt = state.fetchedAt.getTime();
    if (this.deeper?.provider === provider && this.deeper.fetchedAt === fetchedAt) return this.deeper.index;
    const index = await readIdentityIndex(db, provider);
    this.deeper = { provider, fetchedAt, index };
    return index;
  }

  private markReachable(now: Date): void {
    if (!this.status.storeReachable && this.status.storeError) this.options.logger.info("store reachable again");
    this.status.storeReachable = true;
    this.status.storeError = null;
    this.status.lastCheckAt = now.toISOString();
  }

  private markUnreachable(now: Date, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // Log the transition once, not every second.
    if (this.status.storeError !== message) this.options.logger.error({ err: error }, `store check failed: ${message}`);
    this.status.storeReachable = false;
    this.status.storeError = message;
    this.status.lastCheckAt = now.toISOString();
  }
}

export { loadOverridesFile } from "../overrides-file";

// With LISTEN/NOTIFY a version check is only a safety net (a stale flag flipping, a lost signal).
const POSTGRES_SAFETY_CHECK_MS = 5000;

const GLOBAL_KEY = Symbol.for("topcoins.viewStore");
type GlobalWithViewStore = typeof globalThis & { [GLOBAL_KEY]?: ViewStore };

/**
 * The web process's one view store. Kept on globalThis because Next may load this module
 * once per route bundle; every route must share the same in-memory view.
 */
export function getViewStore(): ViewStore {
  const holder = globalThis as GlobalWithViewStore;
  let viewStore = holder[GLOBAL_KEY];
  if (!viewStore) {
    const config = getConfig();
    const logger = createLogger("web");
    const overrides = new OverridesSource(config.OVERRIDES_FILE, logger);
    const timeouts = storeTimeoutsFromConfig(config);
    viewStore = new ViewStore({
      store: openStore(config.DATABASE_URL, {
        timeouts,
        onPoolError: (error) => logger.error({ err: error }, "idle database connection failed"),
      }),
      overrides: () => overrides.current(),
      unlinkAfter: config.IDENTITY_UNLINK_AFTER,
      depth: config.RANKING_DEPTH,
      staleFactor: config.STALE_FACTOR,
      divergencePct: config.PRICE_DIVERGENCE_PCT,
      fxEnabled: config.FX_REFRESH_SECONDS > 0,
      logger,
    });
    if (viewStore.dialect === "postgres") {
      viewStore.listenForChanges(config.DATABASE_URL, timeouts);
      viewStore.start(POSTGRES_SAFETY_CHECK_MS);
    } else {
      viewStore.start();
    }
    holder[GLOBAL_KEY] = viewStore;
  }
  return viewStore;
}

/**
 * The view store after its first check, so a fresh process answers with data when the store has
 * it; a store that does not answer holds the first requests up no longer than the check timeout.
 */
export async function readyViewStore(): Promise<ViewStore> {
  const viewStore = getViewStore();
  if (!viewStore.status.lastCheckAt) await viewStore.refreshWithin();
  return viewStore;
}
