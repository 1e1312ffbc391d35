// The asset registry in the store: reading links and contracts for a merge, the providers'
// identity lists, and one coin's asset with every provider's link. Writes live in reconcile.ts.
import { type Kysely, type Selectable, sql } from "kysely";
import type { Contract } from "../domain/identity/contracts";
import type { IdentityListing } from "../domain/identity/evidence";
import { ListingIndex } from "../domain/identity/listing-index";
import {
  type LinkMaker,
  type LinkRule,
  listingKey,
  type ProviderCoin,
  type StoredLink,
} from "../domain/identity/registry";
import { toDate, toIso, toNullableDate } from "./rows";
import type { AssetLinkTable, Database } from "./schema";
import { dialectOf } from "./sqlite-dialect";

const LINK_RULES: readonly LinkRule[] = ["origin", "override", "contract", "evidence", "id"];

function toLink(row: Selectable<AssetLinkTable>): StoredLink {
  return {
    assetId: row.asset_id,
    provider: row.provider,
    providerId: row.provider_id,
    symbol: row.symbol,
    name: row.name,
    slug: row.slug,
    rule: LINK_RULES.includes(row.rule as LinkRule) ? (row.rule as LinkRule) : "evidence",
    madeBy: row.made_by === "override" ? "override" : ("auto" satisfies LinkMaker),
    evidence: row.evidence,
    firstConfirmedAt: toDate(row.first_confirmed_at),
    lastConfirmedAt: toDate(row.last_confirmed_at),
    contradictions: Number(row.contradictions),
    lastContradiction: row.last_contradiction,
  };
}

/** The registry's version: it grows with every change to the links, so readers know to rebuild. */
export async function readRegistryVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("registry_state").select("version").where("id", "=", 1).executeTakeFirst();
  return row === undefined ? 0 : Number(row.version);
}

/** Records that the registry changed; inside the transaction that changed it. */
export async function bumpRegistryVersion(db: Kysely<Database>, at: Date): Promise<void> {
  const updatedAt = toIso(at, "at");
  await db
    .insertInto("registry_state")
    .values({ id: 1, version: 1, updated_at: updatedAt })
    .onConflict((conflict) =>
      conflict.column("id").doUpdateSet({ version: sql`registry_state.version + 1`, updated_at: updatedAt }),
    )
    .execute();
}

/**
 * Every asset linked to a coin of one of `providers`, with all of that asset's links (so a
 * merge sees which asset holds a listing and which ranked coin it belongs to).
 */
export async function readLinks(db: Kysely<Database>, providers: readonly string[]): Promise<StoredLink[]> {
  if (providers.length === 0) return [];
  const rows = await db
    .selectFrom("asset_link")
    .selectAll()
    .where(
      "asset_id",
      "in",
      db
        .selectFrom("asset_link")
        .select("asset_id")
        .where("provider", "in", [...new Set(providers)]),
    )
    .orderBy("asset_id")
    .orderBy("provider")
    .execute();
  return rows.map(toLink);
}

/** One asset's links, every provider's. */
export async function readAssetLinks(db: Kysely<Database>, assetId: string): Promise<StoredLink[]> {
  const rows = await db
    .selectFrom("asset_link")
    .selectAll()
    .where("asset_id", "=", assetId)
    .orderBy("provider")
    .execute();
  return rows.map(toLink);
}

function addContract(map: Map<string, Contract[]>, provider: string, id: string, contract: Contract): void {
  const key = listingKey(provider, id);
  const list = map.get(key);
  if (list === undefined) map.set(key, [contract]);
  else if (!list.some((c) => c.chain === contract.chain && c.address === contract.address)) list.push(contract);
}

/** The contracts of a ranking snapshot's coins, by listingKey. */
export async function readRankingContracts(
  db: Kysely<Database>,
  provider: string,
  snapshotId: number,
): Promise<Map<string, Contract[]>> {
  const rows = await db
    .selectFrom("provider_contract as c")
    .innerJoin("ranking_entry as e", "e.provider_id", "c.provider_id")
    .select(["c.provider_id", "c.chain", "c.address"])
    .where("c.provider", "=", provider)
    .where("e.snapshot_id", "=", snapshotId)
    .execute();
  const contracts = new Map<string, Contract[]>();
  for (const row of rows) addContract(contracts, provider, row.provider_id, row);
  return contracts;
}

/**
 * The contracts of the coins in two snapshots (the ranking's and the price list's), by
 * listingKey: what a merge of the pair compares.
 */
export async function readSnapshotContracts(
  db: Kysely<Database>,
  pair: { rankingProvider: string; rankingSnapshotId: number; pricingProvider: string; pricingSnapshotId: number },
): Promise<Map<string, Contract[]>> {
  const [ranked, priced] = await Promise.all([
    db
      .selectFrom("provider_contract as c")
      .innerJoin("ranking_entry as e", "e.provider_id", "c.provider_id")
      .select(["c.provider_id", "c.chain", "c.address"])
      .where("c.provider", "=", pair.rankingProvider)
      .where("e.snapshot_id", "=", pair.rankingSnapshotId)
      .execute(),
    db
      .selectFrom("provider_contract as c")
      .innerJoin("price_quote as q", "q.provider_id", "c.provider_id")
      .select(["c.provider_id", "c.chain", "c.address"])
      .where("c.provider", "=", pair.pricingProvider)
      .where("q.snapshot_id", "=", pair.pricingSnapshotId)
      .execute(),
  ]);
  const contracts = new Map<string, Contract[]>();
  for (const row of ranked) addContract(contracts, pair.rankingProvider, row.provider_id, row);
  for (const row of priced) addContract(contracts, pair.pricingProvider, row.provider_id, row);
  return contracts;
}

/** When a provider's identity list was last fetched and tried. */
export interface IdentityFetchState {
  provider: string;
  fetchedAt: Date | null;
  attemptedAt: Date;
  lastError: string | null;
  coinCount: number;
}

export async function readIdentityFetches(db: Kysely<Database>): Promise<IdentityFetchState[]> {
  const rows = await db.selectFrom("identity_fetch").selectAll().orderBy("provider").execute();
  return rows.map((row) => ({
    provider: row.provider,
    fetchedAt: toNullableDate(row.fetched_at),
    attemptedAt: toDate(row.attempted_at),
    lastError: row.last_error,
    coinCount: Number(row.coin_count),
  }));
}

export async function readIdentityFetch(db: Kysely<Database>, provider: string): Promise<IdentityFetchState | null> {
  return (await readIdentityFetches(db)).find((state) => state.provider === provider) ?? null;
}

// SQLite allows 32766 bound variables per statement; rows of 7 columns in batches well under it.
const BATCH = 2000;

/**
 * Replaces a provider's identity list (its coins and their contracts) in one transaction and
 * records the fetch. Contracts that listing bodies reported stay until the next listing re-adds them.
 */
export async function replaceIdentityList(
  db: Kysely<Database>,
  provider: string,
  coins: readonly ProviderCoin[],
  at: Date,
): Promise<void> {
  const seenAt = toIso(at, "at");
  const unique = new Map<string, ProviderCoin>();
  for (const coin of coins) if (!unique.has(coin.providerId)) unique.set(coin.providerId, coin);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("provider_coin").where("provider", "=", provider).execute();
    await trx.deleteFrom("provider_contract").where("provider", "=", provider).execute();
    const rows = [...unique.values()].map((coin) => ({
      provider,
      provider_id: coin.providerId,
      symbol: coin.symbol,
      name: coin.name,
      slug: coin.slug,
      rank: coin.rank,
      seen_at: seenAt,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx
        .insertInto("provider_coin")
        .values(rows.slice(i, i + BATCH))
        .execute();
    }
    const contracts = [...unique.values()].flatMap((coin) =>
      coin.contracts.map((contract) => ({ provider, provider_id: coin.providerId, ...contract })),
    );
    await insertContracts(trx, contracts);
    await trx
      .insertInto("identity_fetch")
      .values({ provider, fetched_at: seenAt, attempted_at: seenAt, last_error: null, coin_count: unique.size })
      .onConflict((conflict) =>
        conflict
          .column("provider")
          .doUpdateSet({ fetched_at: seenAt, attempted_at: seenAt, last_error: null, coin_count: unique.size }),
      )
      .execute();
    await bumpRegistryVersion(trx, at);
  });
}

/** Records a failed identity-list fetch; the list already stored stays in use. */
export async function recordIdentityFetchFailure(
  db: Kysely<Database>,
  provider: string,
  error: string,
  at: Date,
): Promise<void> {
  const attemptedAt = toIso(at, "at");
  const lastError = error.slice(0, 2000);
  await db
    .insertInto("identity_fetch")
    .values({ provider, fetched_at: null, attempted_at: attemptedAt, last_error: lastError, coin_count: 0 })
    .onConflict((conflict) =>
      conflict.column("provider").doUpdateSet({ attempted_at: attemptedAt, last_error: lastError }),
    )
    .execute();
}

/** Adds contracts (skipping those already known); inside a snapshot's transaction or on their own. */
export async function insertContracts(
  db: Kysely<Database>,
  contracts: ReadonlyArray<{ provider: string; provider_id: string; chain: string; address: string }>,
): Promise<void> {
  const unique = new Map(
    contracts.map((row) => [`${row.provider}\u0000${row.provider_id}\u0000${row.chain}\u0000${row.address}`, row]),
  );
  const rows = [...unique.values()];
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto("provider_contract")
      .values(rows.slice(i, i + BATCH))
      .onConflict((conflict) => conflict.columns(["provider", "provider_id", "chain", "address"]).doNothing())
      .execute();
  }
}

/** A provider's identity list as a listing index, with its contracts: the coins a price list may lack. */
export async function readIdentityIndex(
  db: Kysely<Database>,
  provider: string,
): Promise<ListingIndex<IdentityListing>> {
  const [coins, contractRows] = await Promise.all([
    db
      .selectFrom("provider_coin")
      .select(["provider_id", "symbol", "name", "slug"])
      .where("provider", "=", provider)
      .orderBy("rank")
      .orderBy("provider_id")
      .execute(),
    db
      .selectFrom("provider_contract")
      .select(["provider_id", "chain", "address"])
      .where("provider", "=", provider)
      .execute(),
  ]);
  const contracts = new Map<string, Contract[]>();
  for (const row of contractRows) addContract(contracts, provider, row.provider_id, row);
  const listings: IdentityListing[] = coins.map((coin) => ({
    providerId: coin.provider_id,
    symbol: coin.symbol,
    name: coin.name,
    slug: coin.slug,
    priceUsd: null,
    marketCapUsd: null,
    circulatingSupply: null,
  }));
  return new ListingIndex(provider, listings, (id) => contracts.get(listingKey(provider, id)) ?? []);
}

/** The asset an id names, following an alias of a merged asset; null when none. */
export async function readAsset(
  db: Kysely<Database>,
  id: string,
): Promise<{ id: string; name: string; symbol: string; createdAt: Date; links: StoredLink[] } | null> {
  const alias = await db.selectFrom("asset_alias").select("asset_id").where("id", "=", id).executeTakeFirst();
  const assetId = alias?.asset_id ?? id;
  const asset = await db.selectFrom("asset").selectAll().where("id", "=", assetId).executeTakeFirst();
  if (asset === undefined) return null;
  return {
    id: asset.id,
    name: asset.name,
    symbol: asset.symbol,
    createdAt: toDate(asset.created_at),
    links: await readAssetLinks(db, asset.id),
  };
}

/** Serializes registry writers on PostgreSQL (SQLite's BEGIN IMMEDIATE already does). */
export async function lockRegistry(trx: Kysely<Database>): Promise<void> {
  if (dialectOf(trx) === "postgres")
    await sql`select pg_advisory_xact_lock(hashtext('topcoins.asset_registry'))`.execute(trx);
}

/** What a merge of one stored pair reads from the registry, the version it read included. */
export interface RegistrySnapshot {
  links: StoredLink[];
  contracts: Map<string, Contract[]>;
  /** The pricing provider's identity list; undefined before its first fetch. */
  deeper: ListingIndex<IdentityListing> | undefined;
  version: number;
}

/**
 * The registry for the merge of a stored pair. `deeperFor` may serve the pricing provider's
 * identity index from a cache (it changes once a day); by default it is read from the store.
 */
export async function readRegistryFor(
  db: Kysely<Database>,
  pair: { rankingProvider: string; rankingSnapshotId: number; pricingProvider: string; pricingSnapshotId: number },
  deeperFor: (provider: string) => Promise<ListingIndex<IdentityListing> | undefined> = async (provider) =>
    (await readIdentityFetch(db, provider))?.fetchedAt ? readIdentityIndex(db, provider) : undefined,
): Promise<RegistrySnapshot> {
  const [links, contracts, deeper, version] = await Promise.all([
    readLinks(db, [pair.rankingProvider, pair.pricingProvider]),
    readSnapshotContracts(db, pair),
    deeperFor(pair.pricingProvider),
    readRegistryVersion(db),
  ]);
  return { links, contracts, deeper, version };
}
