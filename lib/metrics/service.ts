// What a service's cycles do: how many stored a snapshot, found the content unchanged or failed,
// when the last one succeeded, and the provider credits (CoinMarketCap) its fetches cost.
import { Counter, Gauge } from "prom-client";
import { metricGroup } from "./registry";

type Role = "ranking" | "pricing";
export type CycleOutcome = "stored" | "unchanged" | "error";

const service = () =>
  metricGroup("service", (registry) => ({
    cycles: new Counter({
      name: "topcoins_service_cycles_total",
      help: "Fetch cycles of a service by role and outcome (stored a new snapshot, unchanged content, error).",
      labelNames: ["role", "outcome"] as const,
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: "topcoins_service_last_success_timestamp_seconds",
      help: "Unix time at which the role's last successful fetch finished.",
      labelNames: ["role"] as const,
      registers: [registry],
    }),
    items: new Gauge({
      name: "topcoins_service_fetched_items",
      help: "Records (ranked coins or quotes) in the role's last successful fetch.",
      labelNames: ["role"] as const,
      registers: [registry],
    }),
    credits: new Counter({
      name: "topcoins_upstream_credits_spent_total",
      help: "Provider credits spent by successful fetches (CoinMarketCap bills credits), by role and provider.",
      labelNames: ["role", "provider"] as const,
      registers: [registry],
    }),
  }));

export function observeFetchSuccess(
  role: Role,
  provider: string,
  items: number,
  credits: number | null | undefined,
  at: Date,
) {
  const metrics = service();
  metrics.lastSuccess.set({ role }, at.getTime() / 1000);
  metrics.items.set({ role }, items);
  if (credits) metrics.credits.inc({ role, provider }, credits);
}

export function observeCycle(role: Role, outcome: CycleOutcome): void {
  service().cycles.inc({ role, outcome });
}
