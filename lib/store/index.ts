// The store's public API: open a store, migrate it, write and read snapshots, source state and
// price history.
export {
  type BackfillMark,
  type BackfillResolution,
  type BackfillState,
  markBackfilled,
  readBackfillState,
  recordBackfillFailure,
} from "./backfill-state";
export { describeStoreUrl, type OpenStoreOptions, openStore, type Store } from "./database";
export { StoreError, type StoreFailureKind, StoreUnavailableError } from "./errors";
export {
  type FxFailure,
  type FxState,
  type FxWrite,
  readFxState,
  readFxVersion,
  recordFxError,
  writeFxRates,
} from "./fx-rates";
export {
  type AppendResult,
  appendPricePoints,
  type BackfillPoint,
  type BackfillWrite,
  type CompactResult,
  compactHistory,
  DEFAULT_HISTORY_RETENTION,
  type HistoryRetention,
  type PricePointsAppend,
  upsertBackfillPoints,
} from "./history";
export { type HistoryPoint, type HistoryQuery, readHistory, readSparklines, type SparklinePoint } from "./history-read";
export {
  acquireLease,
  checkFence,
  type LeaseFence,
  type LeaseInfo,
  LeaseLostError,
  type LeaseRequest,
  type LeaseState,
  readLeases,
  releaseLease,
} from "./leases";
export { MIGRATION_NAMES, migrateToLatest } from "./migrations";
export { type ReconcileOptions, type ReconcileResult, reconcileLatest, reconcilePair } from "./reconcile";
export {
  type IdentityFetchState,
  insertContracts,
  type RegistrySnapshot,
  readAsset,
  readAssetLinks,
  readIdentityFetch,
  readIdentityFetches,
  readIdentityIndex,
  readLinks,
  readRankingContracts,
  readRegistryFor,
  readRegistryVersion,
  readSnapshotContracts,
  recordIdentityFetchFailure,
  replaceIdentityList,
} from "./registry";
export type { Database } from "./schema";
export {
  DEFAULT_KEEP_SNAPSHOTS,
  type PriceSnapshotWrite,
  type RankingSnapshotWrite,
  readLatestPriceSnapshot,
  readLatestRankingSnapshot,
  readPreviousRankingSnapshot,
  readPriceSnapshot,
  readRankingSnapshot,
  writePriceSnapshot,
  writeRankingSnapshot,
} from "./snapshots";
export {
  addSpentCredits,
  latestContentHash,
  markSourceChecked,
  readSourceStates,
  readStoreVersion,
  recordSourceError,
  type SourceCheck,
  type SourceFailure,
  type SourceVersion,
  STORE_CHANGE_CHANNEL,
  type StoreVersion,
} from "./sources";
export type { StoreDialect } from "./sqlite-dialect";
