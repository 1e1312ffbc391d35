// The shared API rate limit's health on this web replica: how often Redis went away, and how many
// requests were limited in this replica's memory meanwhile (a limit per replica, not shared).
import { Counter } from "prom-client";
import { metricGroup } from "./registry";

const rateLimit = () =>
  metricGroup("rateLimit", (registry) => {
    const outages = new Counter({
      name: "topcoins_rate_limit_redis_outages_total",
      help: "Times this web replica lost Redis for the shared API rate limit (once per outage, until Redis answers again).",
      registers: [registry],
    });
    const fallbacks = new Counter({
      name: "topcoins_rate_limit_fallback_total",
      help: "API requests this web replica limited in its own memory because Redis was unreachable.",
      registers: [registry],
    });
    // Zeros from the start, so rate() and increase() have a first sample.
    outages.inc(0);
    fallbacks.inc(0);
    return { outages, fallbacks };
  });

/** Creates the series (at 0) for a replica whose limit is shared through Redis. */
export function registerRateLimitMetrics(): void {
  rateLimit();
}

export function observeRateLimitOutage(): void {
  rateLimit().outages.inc();
}

export function observeRateLimitFallback(): void {
  rateLimit().fallbacks.inc();
}
