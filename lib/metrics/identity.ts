// What the services' identity work does: identity-list fetches, contradicted and dropped links,
// and the quotes fetched by id. The web's gauges (lib/metrics/web.ts) count links by rule.
import { Counter, Gauge } from "prom-client";
import { metricGroup } from "./registry";

const identity = () =>
  metricGroup("identity", (registry) => ({
    listFetches: new Counter({
      name: "topcoins_identity_list_fetches_total",
      help: "Fetches of a provider's identity list (coin map or coin list) by outcome (ok, error).",
      labelNames: ["provider", "outcome"] as const,
      registers: [registry],
    }),
    contradictions: new Counter({
      name: "topcoins_identity_contradictions_total",
      help: "Snapshots in which a stored link's evidence contradicted it (the link is kept until IDENTITY_UNLINK_AFTER in a row).",
      labelNames: ["role"] as const,
      registers: [registry],
    }),
    unlinked: new Counter({
      name: "topcoins_identity_unlinked_total",
      help: "Links dropped after IDENTITY_UNLINK_AFTER consecutive contradicting snapshots.",
      labelNames: ["role"] as const,
      registers: [registry],
    }),
    byId: new Gauge({
      name: "topcoins_identity_by_id_quotes",
      help: "Quotes the last price fetch added by id (ranked coins deeper than the price list), and ids it asked for in vain.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
  }));

type Role = "ranking" | "pricing";

export function observeIdentityList(provider: string, outcome: "ok" | "error"): void {
  identity().listFetches.inc({ provider, outcome });
}

export function observeReconcile(role: Role, contradicted: number, unlinked: number): void {
  const metrics = identity();
  if (contradicted > 0) metrics.contradictions.inc({ role }, contradicted);
  if (unlinked > 0) metrics.unlinked.inc({ role }, unlinked);
}

export function observeById(found: number, missing: number): void {
  const metrics = identity();
  metrics.byId.set({ outcome: "found" }, found);
  metrics.byId.set({ outcome: "missing" }, missing);
}
