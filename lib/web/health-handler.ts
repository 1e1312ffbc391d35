// GET /api/health: 200 while serving (ok or degraded), 503 when there is nothing to serve.
import { jsonResponse } from "./responses";
import { describeSource } from "./view";
import type { ViewStore } from "./view-store";

export function handleHealth(viewStore: ViewStore, now = new Date()): Response {
  const view = viewStore.current;
  const states = viewStore.sourceStates;
  const sources =
    states && view
      ? {
          ranking: describeSource(states.ranking, viewStore.staleFactor, now),
          pricing: describeSource(states.pricing, viewStore.staleFactor, now),
        }
      : null;
  const store = { dialect: viewStore.dialect, ...viewStore.status };
  const leases = viewStore.leases.map((lease) => ({
    role: lease.role,
    holder: lease.holder,
    token: lease.token,
    expiresAt: lease.expiresAt.toISOString(),
    live: lease.expiresAt > now,
  }));
  if (!view || !sources) {
    return jsonResponse({ status: "unavailable", checkedAt: now.toISOString(), store, sources: null }, 503, {
      "retry-after": "5",
    });
  }
  const problems = [
    ...(store.storeReachable ? [] : ["store unreachable; serving the last view held in memory"]),
    // A lapsed lease: no replica of that service is renewing it, so nothing fetches.
    ...leases
      .filter((lease) => !lease.live)
      .map((lease) => `no ${lease.role} service holds the lease (${lease.holder}'s lapsed at ${lease.expiresAt})`),
    ...(["ranking", "pricing"] as const).flatMap((role) => [
      ...(sources[role].stale ? [`${role} data is stale`] : []),
      ...(sources[role].lastError ? [`${role} last fetch failed: ${sources[role].lastError}`] : []),
      ...(sources[role].selection?.mode === "failover"
        ? [`${role} is served by ${sources[role].provider}, a fallback: ${sources[role].selection?.reason}`]
        : []),
    ]),
  ];
  return jsonResponse({
    status: problems.length === 0 ? "ok" : "degraded",
    problems,
    checkedAt: now.toISOString(),
    simulated: view.meta.simulated,
    store,
    sources,
    leases,
    merge: view.meta.merge,
  });
}
