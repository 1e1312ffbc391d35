// What a service fetches for its role: the role's primary provider, then its fallbacks, each
// polled at its own effective interval. The service loop sees one job; failover happens inside.
import { type AppConfig, missingProviderKey, PAID_DEFAULTS, PROVIDER_TITLES, type ProviderName } from "@/lib/config";
import type { ProviderSelection, SourceRole } from "@/lib/domain/types";
import type { Logger } from "@/lib/log";
import { configuredProvider } from "@/lib/providers/allowances";
import { missingKeyMessage } from "@/lib/providers/key-hints";
import { type FailoverFetch, FailoverSource } from "./failover";
import { intervalFor, missingKeyFor, PROVIDER_REFRESH_FLOOR_SECONDS, type ProviderFetcher } from "./fetchers";

export function fallbacksOf(config: AppConfig, role: SourceRole): readonly ProviderName[] {
  return role === "ranking" ? config.RANKING_FALLBACK : config.PRICING_FALLBACK;
}

/** The sentence users see when a role runs on CoinGecko's keyless API because no key is set; else null. */
export function keylessReason(config: AppConfig, role: SourceRole): string | null {
  if (config.providerChoice[role] !== "keyless_default") return null;
  const paid = PAID_DEFAULTS[role];
  const variable = role === "ranking" ? "RANKING_PROVIDER" : "PRICING_PROVIDER";
  return (
    `${paid.key} is not set, so CoinGecko's keyless public API serves the ${role}; ` +
    `set ${paid.key} to use ${PROVIDER_TITLES[paid.provider]}, or ${variable} to choose a provider`
  );
}

/**
 * Why the role cannot start: a key its primary or one of its fallbacks needs is not set. A
 * fallback without its key would fail the moment it is needed, so it is refused up front.
 */
export function roleStartProblem(config: AppConfig, role: SourceRole): string | null {
  const primary = missingKeyFor(config, role);
  if (primary) return primary;
  for (const [i, provider] of fallbacksOf(config, role).entries()) {
    const key = missingProviderKey(config, provider);
    if (key) return missingKeyMessage(config, role, { kind: "fallback", index: i + 1 }, provider, key);
  }
  return null;
}

export interface RoleSource<T> {
  /** Fetches from the provider that serves the role now, failing over as needed. */
  fetch(signal: AbortSignal): Promise<FailoverFetch<T>>;
  /** The provider serving the role now. */
  readonly provider: string;
  /** The effective refresh interval of the provider serving the role now. */
  readonly intervalSeconds: number;
  readonly selection: ProviderSelection;
}

export function createRoleSource<T>(
  config: AppConfig,
  role: SourceRole,
  logger: Logger,
  fetcherFor: (config: AppConfig, provider: ProviderName) => ProviderFetcher<T>,
): RoleSource<T> {
  const providers = [configuredProvider(config, role), ...fallbacksOf(config, role)];
  const intervals = providers.map((provider) => intervalFor(config, role, logger, provider));
  const reason = keylessReason(config, role);
  if (reason) logger.info({ event: "keyless", role, provider: providers[0] }, reason);
  if (providers.length > 1) {
    logger.info({ event: "failover_ready", role, providers }, `${role} fails over in order: ${providers.join(" → ")}`);
  }
  const failover = new FailoverSource(
    providers.map((provider) => fetcherFor(config, provider)),
    {
      role,
      primaryMode: reason ? "keyless_default" : "configured",
      primaryReason: reason,
      afterFailures: config.FAILOVER_AFTER_FAILURES,
      probeMs: config.FAILOVER_PROBE_SECONDS * 1000,
      logger,
    },
  );
  return {
    fetch: (signal) => failover.fetch(signal),
    get provider() {
      return failover.active;
    },
    get intervalSeconds() {
      return intervals[failover.activeIndex] ?? intervals[0] ?? PROVIDER_REFRESH_FLOOR_SECONDS;
    },
    get selection() {
      return failover.selection;
    },
  };
}
