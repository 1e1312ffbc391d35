// Keeps the asset registry in step with the snapshots. Inside the transaction that stores a
// ranking or price snapshot, the newest pair is merged against the registry and the merge's link
// decisions are recorded: a new ranked coin gets its asset (a stable id), new links are made,
// confirmed links are re-dated, contradictions counted, links dropped after K in a row. So the web,
// which merges the same pair against the same registry, always finds every ranked coin's asset.
import type { Kysely, Updateable } from "kysely";
import type { ListingIndex } from "../domain/identity/listing-index";
import {
  assetIdBase,
  chooseAssetId,
  type LinkMaker,
  type LinkRule,
  listingKey,
  type StoredLink,
} from "../domain/identity/registry";
import { type LinkDecision, type MergeResult, mergeTop } from "../domain/merge";
import type { IdentityOverride } from "../domain/overrides";
import type { PriceQuote, PriceSnapshot, RankingEntry, RankingSnapshot } from "../domain/types";
import { bumpRegistryVersion, lockRegistry, readLinks, readSnapshotContracts } from "./registry";
import { toDate, toIso } from "./rows";
import type { AssetLinkTable, Database } from "./schema";
import { readPriceSnapshot, readRankingSnapshot } from "./snapshots";

/** The columns of a link that a reconcile changes, rule and maker typed as the registry knows them. */
type LinkUpdate = Omit<Updateable<AssetLinkTable>, "rule" | "made_by"> & { rule?: LinkRule; made_by?: LinkMaker };

/** What the merge needs besides the snapshots: the configuration of the identity rules. */
export interface ReconcileOptions {
  overrides: readonly IdentityOverride[];
  divergencePct: number;
  unlinkAfter: number;
  /** The pricing provider's identity list, for coins deeper than the price list. */
  deeper?: ListingIndex;
  /**
   * Whether this reconcile counts a contradiction (the default). A link is dropped after K
   * contradicting price snapshots: the reconcile of a new ranking against the same price list
   * re-checks every link but counts nothing again.
   */
  countContradictions?: boolean;
  now: Date;
}

export interface ReconcileResult {
  merge: MergeResult;
  /** Rows of the registry written: 0 when the snapshot confirmed everything recently. */
  changes: number;
  /** Links dropped after K contradicting snapshots, for the service's log and metric. */
  unlinked: Array<{ rankingId: string; pricingId: string; reason: string }>;
  contradicted: Array<{ rankingId: string; pricingId: string; evidence: string }>;
}

// A confirmation is written at most this often per link: every snapshot would rewrite every row.
const CONFIRM_EVERY_MS = 10 * 60_000;

/** Reconciles the registry with the newest stored pair; null while either role has no snapshot. */
export async function reconcileLatest(
  trx: Kysely<Database>,
  options: ReconcileOptions,
): Promise<ReconcileResult | null> {
  const pointers = await trx.selectFrom("source_state").select(["role", "snapshot_id"]).execute();
  const id = (role: string) => pointers.find((row) => row.role === role)?.snapshot_id ?? null;
  const rankingId = id("ranking");
  const pricingId = id("pricing");
  if (rankingId === null || pricingId === null) return null;
  const [ranking, pricing] = await Promise.all([
    readRankingSnapshot(trx, rankingId),
    readPriceSnapshot(trx, pricingId),
  ]);
  if (ranking === null || pricing === null) return null;
  return reconcilePair(trx, ranking, pricing, options);
}

export async function reconcilePair(
  trx: Kysely<Database>,
  ranking: RankingSnapshot,
  pricing: PriceSnapshot,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  await lockRegistry(trx);
  const [links, contracts] = await Promise.all([
    readLinks(trx, [ranking.provider, pricing.provider]),
    readSnapshotContracts(trx, {
      rankingProvider: ranking.provider,
      rankingSnapshotId: ranking.id,
      pricingProvider: pricing.provider,
      pricingSnapshotId: pricing.id,
    }),
  ]);
  const merge = mergeTop({
    rankingProvider: ranking.provider,
    pricingProvider: pricing.provider,
    entries: ranking.entries,
    quotes: pricing.quotes,
    overrides: options.overrides,
    divergencePct: options.divergencePct,
    registry: { links, contracts, unlinkAfter: options.unlinkAfter },
    deeper: options.deeper,
    registryIsCurrent: options.countContradictions === false,
  });
  const writer = new RegistryWriter(trx, links, options.now);
  const result: ReconcileResult = { merge, changes: 0, unlinked: [], contradicted: [] };
  const entries = new Map(ranking.entries.map((entry) => [entry.providerId, entry]));
  const quotes = new Map(pricing.quotes.map((quote) => [quote.providerId, quote]));
  for (const decision of merge.links) {
    const entry = entries.get(decision.rankingId);
    if (!entry) continue;
    await writer.apply(ranking.provider, pricing.provider, entry, decision, quotes.get(decision.pricingId ?? ""));
    if (decision.dropped?.cause === "contradictions") {
      result.unlinked.push({
        rankingId: entry.providerId,
        pricingId: decision.dropped.pricingId,
        reason: decision.dropped.reason,
      });
    }
    if (
      decision.change === "contradicted" &&
      decision.pricingId &&
      decision.evidence &&
      options.countContradictions !== false
    ) {
      result.contradicted.push({
        rankingId: entry.providerId,
        pricingId: decision.pricingId,
        evidence: decision.evidence,
      });
    }
  }
  result.changes = writer.changes;
  if (writer.changes > 0) await bumpRegistryVersion(trx, options.now);
  return result;
}

/** Applies link decisions to the tables, tracking what it changed so later decisions see it. */
class RegistryWriter {
  changes = 0;
  private readonly at: string;
  private readonly linkOf = new Map<string, StoredLink>();
  private readonly byAsset = new Map<string, Map<string, StoredLink>>();
  private readonly takenIds = new Set<string>();

  constructor(
    private readonly trx: Kysely<Database>,
    links: readonly StoredLink[],
    private readonly now: Date,
  ) {
    this.at = toIso(now, "now");
    for (const link of links) this.remember(link);
  }

  private remember(link: StoredLink): void {
    this.linkOf.set(listingKey(link.provider, link.providerId), link);
    let providers = this.byAsset.get(link.assetId);
    if (!providers) {
      providers = new Map();
      this.byAsset.set(link.assetId, providers);
    }
    providers.set(link.provider, link);
  }

  private forget(link: StoredLink): void {
    this.linkOf.delete(listingKey(link.provider, link.providerId));
    this.byAsset.get(link.assetId)?.delete(link.provider);
  }

  async apply(
    rankingProvider: string,
    pricingProvider: string,
    entry: RankingEntry,
    decision: LinkDecision,
    quote: PriceQuote | undefined,
  ): Promise<void> {
    const assetId = await this.assetFor(rankingProvider, entry, decision, quote);
    if (rankingProvider === pricingProvider) return;
    if (decision.dropped) {
      const dropped = this.linkOf.get(listingKey(pricingProvider, decision.dropped.pricingId));
      if (dropped && dropped.assetId === assetId) await this.deleteLink(dropped);
    }
    if (decision.pricingId === null || !quote) return;
    const existing = this.linkOf.get(listingKey(pricingProvider, decision.pricingId));
    if (decision.change === "new") {
      if (existing && existing.assetId !== assetId) {
        // Only an override moves a listing off another asset; the merge never asks otherwise.
        if (!decision.takeover) return;
        await this.deleteLink(existing);
      }
      const current = this.byAsset.get(assetId)?.get(pricingProvider);
      if (current && current.providerId !== decision.pricingId) await this.deleteLink(current);
      if (existing && existing.assetId === assetId) {
        await this.confirm(existing, decision, true);
        return;
      }
      await this.insertLink({
        assetId,
        provider: pricingProvider,
        providerId: quote.providerId,
        symbol: quote.symbol,
        name: quote.name,
        slug: quote.slug,
        rule: decision.rule ?? "evidence",
        madeBy: decision.madeBy ?? "auto",
        evidence: decision.evidence ?? "",
        firstConfirmedAt: this.now,
        lastConfirmedAt: this.now,
        contradictions: 0,
        lastContradiction: null,
      });
      return;
    }
    if (!existing || existing.assetId !== assetId) return;
    if (decision.change === "confirmed") await this.confirm(existing, decision, false);
    else if (decision.change === "contradicted") {
      await this.update(existing, {
        contradictions: decision.contradictions,
        last_contradiction: decision.evidence,
      });
    }
  }

  /** The ranked coin's asset: its own, the one it joins, or a new one with a new stable id. */
  private async assetFor(
    rankingProvider: string,
    entry: RankingEntry,
    decision: LinkDecision,
    quote: PriceQuote | undefined,
  ): Promise<string> {
    const own = this.linkOf.get(listingKey(rankingProvider, entry.providerId));
    const join = decision.joinAssetId;
    if (own) {
      // The listing belongs to an asset of another provider era: the two are one coin. That asset
      // joins this one, whose id the ranking shows, and its id stays as an alias.
      if (join && join !== own.assetId && !this.byAsset.get(join)?.has(rankingProvider)) {
        await this.mergeAssets(join, own.assetId);
        return own.assetId;
      }
      await this.refreshNames(own, entry);
      return own.assetId;
    }
    const base = {
      provider: rankingProvider,
      providerId: entry.providerId,
      symbol: entry.symbol,
      name: entry.name,
      slug: entry.slug ?? null,
      madeBy: "auto" as const,
      firstConfirmedAt: this.now,
      lastConfirmedAt: this.now,
      contradictions: 0,
      lastContradiction: null,
    };
    if (join && !this.byAsset.get(join)?.has(rankingProvider)) {
      await this.insertLink({
        ...base,
        assetId: join,
        rule: decision.rule === "override" ? "override" : decision.rule === "contract" ? "contract" : "evidence",
        madeBy: decision.rule === "override" ? "override" : "auto",
        evidence: `joined through its ${decision.pricingId ? `price listing ${decision.pricingId}` : "listing"}: ${decision.evidence ?? ""}`,
      });
      return join;
    }
    const assetId = await this.createAsset(entry, quote?.slug ?? entry.slug ?? null);
    await this.insertLink({ ...base, assetId, rule: "origin", evidence: "the coin this asset was created for" });
    return assetId;
  }

  private async createAsset(entry: RankingEntry, slug: string | null): Promise<string> {
    const base = slug ?? entry.name;
    // The ids an asset or an alias already holds among the few this coin could get.
    const prefix = assetIdBase(base);
    const rows = await this.trx
      .selectFrom("asset")
      .select("id")
      .where("id", "like", `${prefix}%`)
      .union(this.trx.selectFrom("asset_alias").select("id").where("id", "like", `${prefix}%`))
      .execute();
    for (const row of rows) this.takenIds.add(row.id);
    const id = chooseAssetId(base, entry.symbol, (candidate) => this.takenIds.has(candidate));
    this.takenIds.add(id);
    await this.trx
      .insertInto("asset")
      .values({ id, name: entry.name, symbol: entry.symbol, created_at: this.at, updated_at: this.at })
      .execute();
    this.changes++;
    return id;
  }

  /** Moves every link of `from` to `into` (where `into` has none of that provider), keeps `from` as an alias. */
  private async mergeAssets(from: string, into: string): Promise<void> {
    const fromLinks = [...(this.byAsset.get(from)?.values() ?? [])];
    for (const link of fromLinks) {
      this.forget(link);
      if (this.byAsset.get(into)?.has(link.provider)) {
        await this.trx
          .deleteFrom("asset_link")
          .where("provider", "=", link.provider)
          .where("provider_id", "=", link.providerId)
          .execute();
        continue;
      }
      await this.trx
        .updateTable("asset_link")
        .set({ asset_id: into })
        .where("provider", "=", link.provider)
        .where("provider_id", "=", link.providerId)
        .execute();
      this.remember({ ...link, assetId: into });
    }
    await this.trx.updateTable("asset_alias").set({ asset_id: into }).where("asset_id", "=", from).execute();
    await this.trx.deleteFrom("asset").where("id", "=", from).execute();
    await this.trx.insertInto("asset_alias").values({ id: from, asset_id: into, created_at: this.at }).execute();
    this.changes++;
  }

  private async refreshNames(link: StoredLink, entry: RankingEntry): Promise<void> {
    const slug = entry.slug ?? null;
    const stale = this.now.getTime() - link.lastConfirmedAt.getTime() >= CONFIRM_EVERY_MS;
    if (link.symbol === entry.symbol && link.name === entry.name && link.slug === slug && !stale) return;
    await this.update(link, { symbol: entry.symbol, name: entry.name, slug, last_confirmed_at: this.at });
  }

  private async confirm(link: StoredLink, decision: LinkDecision, rule: boolean): Promise<void> {
    const stale = this.now.getTime() - link.lastConfirmedAt.getTime() >= CONFIRM_EVERY_MS;
    const changed =
      link.contradictions !== 0 ||
      (rule && (link.rule !== decision.rule || link.madeBy !== decision.madeBy)) ||
      (decision.evidence !== null && decision.evidence !== link.evidence);
    if (!changed && !stale) return;
    await this.update(link, {
      ...(rule && decision.rule ? { rule: decision.rule, made_by: decision.madeBy ?? "auto" } : {}),
      evidence: decision.evidence ?? link.evidence,
      last_confirmed_at: this.at,
      contradictions: 0,
    });
  }

  private async update(link: StoredLink, set: LinkUpdate): Promise<void> {
    await this.trx
      .updateTable("asset_link")
      .set(set)
      .where("provider", "=", link.provider)
      .where("provider_id", "=", link.providerId)
      .execute();
    const updated: StoredLink = {
      ...link,
      ...(set.symbol !== undefined ? { symbol: set.symbol } : {}),
      ...(set.name !== undefined ? { name: set.name } : {}),
      ...(set.slug !== undefined ? { slug: set.slug } : {}),
      ...(set.rule !== undefined ? { rule: set.rule } : {}),
      ...(set.made_by !== undefined ? { madeBy: set.made_by } : {}),
      ...(set.evidence !== undefined ? { evidence: set.evidence } : {}),
      ...(set.last_contradiction !== undefined ? { lastContradiction: set.last_contradiction } : {}),
      ...(set.last_confirmed_at !== undefined ? { lastConfirmedAt: toDate(set.last_confirmed_at) } : {}),
      ...(set.contradictions !== undefined ? { contradictions: set.contradictions } : {}),
    };
    this.remember(updated);
    this.changes++;
  }

  private async insertLink(link: StoredLink): Promise<void> {
    await this.trx
      .insertInto("asset_link")
      .values({
        provider: link.provider,
        provider_id: link.providerId,
        asset_id: link.assetId,
        symbol: link.symbol,
        name: link.name,
        slug: link.slug,
        rule: link.rule,
        made_by: link.madeBy,
        evidence: link.evidence,
        first_confirmed_at: toIso(link.firstConfirmedAt, "firstConfirmedAt"),
        last_confirmed_at: toIso(link.lastConfirmedAt, "lastConfirmedAt"),
        contradictions: link.contradictions,
        last_contradiction: link.lastContradiction,
      })
      .execute();
    this.remember(link);
    this.changes++;
  }

  private async deleteLink(link: StoredLink): Promise<void> {
    await this.trx
      .deleteFrom("asset_link")
      .where("provider", "=", link.provider)
      .where("provider_id", "=", link.providerId)
      .execute();
    this.forget(link);
    this.changes++;
  }
}
