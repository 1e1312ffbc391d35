// GET /api/coins/{id}: one coin of the served list by its stable id: its merged row, the identity
// of its asset at every provider with the rule and evidence of each link, and the freshness of
// both sources. Answered from memory, like /api/top. A ranking provider's id (the coin pages'
// ids before stable ids) is answered with a redirect to the stable id. A coin the price list holds
// below the ranking's depth is answered too (`ranked: false`), by its stable id when the registry
// links it, or by `<pricing provider>:<its id>` when it was never linked.
import type { z } from "zod";
import type { StoredLink } from "../domain/identity/registry";
import { findCoin, findListed, PROVIDER_KEY } from "./coin-lookup";
import { unrankedRow } from "./coin-unranked";
import type { coinBodySchema, providerLinkSchema } from "./contract/bodies";
import { errorResponse, jsonResponse, shown } from "./responses";
import { noDataResponse } from "./top-handler";
import { COIN_ID } from "./top-query";
import type { ViewStore } from "./view-store";

const ID_PATTERN = COIN_ID;

/** A provider link as the API shows it: which role it plays now, and why Top Coins believes it. */
function describeLink(
  link: StoredLink,
  roles: { ranking: string; pricing: string },
): z.infer<typeof providerLinkSchema> {
  return {
    provider: link.provider,
    providerId: link.providerId,
    symbol: link.symbol,
    name: link.name,
    slug: link.slug,
    role: link.provider === roles.ranking ? "ranking" : link.provider === roles.pricing ? "pricing" : null,
    rule: link.rule,
    madeBy: link.madeBy,
    evidence: link.evidence,
    firstConfirmedAt: link.firstConfirmedAt.toISOString(),
    lastConfirmedAt: link.lastConfirmedAt.toISOString(),
    contradictions: link.contradictions,
    lastContradiction: link.lastContradiction,
  };
}

export function handleCoin(request: Request, viewStore: ViewStore, id: string): Response {
  if (!ID_PATTERN.test(id) && !PROVIDER_KEY.test(id)) {
    return errorResponse(
      400,
      "invalid_id",
      `id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top), or <pricing provider>:<its id> (coinmarketcap:1); got ${shown(id)}`,
    );
  }
  const view = viewStore.current;
  if (!view) return noDataResponse(viewStore);
  const roles = { ranking: view.meta.ranking.provider, pricing: view.meta.pricing.provider };
  const linksOf = (assetId: string | null) =>
    assetId === null ? [] : (view.merged.assetLinks.get(assetId) ?? []).map((link) => describeLink(link, roles));
  const { ranking, pricing, generatedAt, simulated } = view.meta;
  const match = findCoin(view.merged, id);
  if (!match) {
    const listed = findListed(view.merged, id);
    if (listed === null) {
      return errorResponse(
        404,
        "not_found",
        `no coin with id ${shown(id)} in the current top ${view.meta.depth} or ${pricing.provider}'s price list`,
      );
    }
    if ("redirectTo" in listed) return redirect(request, listed.redirectTo);
    const data = { ...unrankedRow(listed.coin), ranked: false as const, providers: linksOf(listed.coin.assetId) };
    return jsonResponse({ data, meta: { generatedAt, simulated, ranking, pricing } }, 200, {
      "cache-control": "no-cache",
    });
  }
  const { row } = match;
  if (match.by === "ranking_id" && row.id !== id) return redirect(request, row.id);
  const links = linksOf(row.id);
  // `ranked: true` tells this row from a coin below the depth, which has no rank.
  const data = { ...row, ranked: true as const, providers: links };
  const body: z.infer<typeof coinBodySchema> = {
    data,
    meta: { generatedAt, simulated, ranking, pricing },
  };
  return jsonResponse(body, 200, {
    "cache-control": "no-cache",
  });
}

/** 308 to the coin's stable id, the query kept: old links and provider keys lead to the one coin. */
function redirect(request: Request, stableId: string): Response {
  const location = new URL(request.url);
  location.pathname = `/api/coins/${encodeURIComponent(stableId)}`;
  return new Response(null, {
    status: 308,
    headers: { location: `${location.pathname}${location.search}`, "cache-control": "public, max-age=300" },
  });
}
