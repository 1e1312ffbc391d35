// The store's public API: open a store, migrate it, write and read snapshots and source state.
export { describeStoreUrl, type OpenStoreOptions, openStore, type Store } from "./database";
export { StoreError } from "./errors";
export { migrateToLatest } from "./migrations";
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
  latestContentHash,
  markSourceChecked,
  readSourceStates,
  readStoreVersion,
  recordSourceError,
  type SourceCheck,
  type SourceFailure,
  type SourceVersion,
  type StoreVersion,
} from "./sources";
export type { StoreDialect } from "./sqlite-dialect";
