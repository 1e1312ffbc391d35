// Which replica holds each role's lease (one replica per role fetches). The lease code calls
// observeLease after every acquire or renew attempt.
import { Counter, Gauge } from "prom-client";
import { metricGroup } from "./registry";

export type LeaseRole = "ranking" | "pricing";

export interface LeaseState {
  /** The instance id of the replica holding the lease now. */
  holder: string;
  /** True when this replica is the holder. */
  self: boolean;
  /** True when the holder differs from the one observed before. */
  changed: boolean;
}

const lease = () =>
  metricGroup("lease", (registry) => ({
    held: new Gauge({
      name: "topcoins_lease_held",
      help: "1 when this replica holds the role's lease (and fetches), 0 when it stands by.",
      labelNames: ["role"] as const,
      registers: [registry],
    }),
    holder: new Gauge({
      name: "topcoins_lease_holder_info",
      help: "1 for the replica that holds the role's lease, as this replica last saw it.",
      labelNames: ["role", "holder"] as const,
      registers: [registry],
    }),
    changes: new Counter({
      name: "topcoins_lease_changes_total",
      help: "Times this replica saw the role's lease change hands.",
      labelNames: ["role"] as const,
      registers: [registry],
    }),
    // The holder label last set per role, so a new holder replaces it instead of adding a series.
    lastHolder: new Map<LeaseRole, string>(),
  }));

export function observeLease(role: LeaseRole, state: LeaseState): void {
  const metrics = lease();
  metrics.held.set({ role }, state.self ? 1 : 0);
  const previous = metrics.lastHolder.get(role);
  if (previous !== undefined && previous !== state.holder) metrics.holder.remove({ role, holder: previous });
  metrics.holder.set({ role, holder: state.holder }, 1);
  metrics.lastHolder.set(role, state.holder);
  // inc by 0 still creates the series, so rate() has a zero to start from.
  metrics.changes.inc({ role }, state.changed ? 1 : 0);
}
