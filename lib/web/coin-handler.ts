// GET /api/coins/{id}: one coin of the served list by its stable id: its merged row, the identity
// of its asset at every provider with the rule and evidence of each link, and the freshness of
// both sources. Answered from memory, like /api/top. A ranking provider's id (the coin pages'
// ids before stable ids) is answered with a redirect to the stable id.
import type { StoredLink } from "../domain/identity/registry";
import { findCoin } from "./coin-lookup";
import { errorResponse, jsonResponse } from "./responses";
import { noDataResponse } from "./top-handler";
import type { ViewStore } from "./view-store";

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A provider link as the API shows it: which role it plays now, and why Top Coins believes it. */
function describeLink(link: StoredLink, roles: { ranking: string; pricing: string }) {
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
  if (!ID_PATTERN.test(id)) {
    return errorResponse(
      400,
      "invalid_id",
      `id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top); got ${shown(id)}`,
    );
  }
  const view = viewStore.current;
  if (!view) return noDataResponse(viewStore);
  const match = findCoin(view.merged, id);
  if (!match)
    return errorResponse(404, "not_found", `no coin with id ${shown(id)} in the current top ${view.meta.depth}`);
  const { row } = match;
  if (match.by === "ranking_id" && row.id !== id) {
    const location = new URL(request.url);
    location.pathname = `/api/coins/${encodeURIComponent(row.id)}`;
    return new Response(null, {
      status: 308,
      headers: { location: `${location.pathname}${location.search}`, "cache-control": "public, max-age=300" },
    });
  }
  const roles = { ranking: view.meta.ranking.provider, pricing: view.meta.pricing.provider };
  const links = (view.merged.assetLinks.get(row.id) ?? []).map((link) => describeLink(link, roles));
  const { ranking, pricing, generatedAt, simulated } = view.meta;
  return jsonResponse({ data: { ...row, providers: links }, meta: { generatedAt, simulated, ranking, pricing } }, 200, {
    "cache-control": "no-cache",
  });
}
