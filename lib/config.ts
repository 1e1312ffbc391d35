// The one place that reads process.env. Every variable is parsed once with zod;
// a bad value fails fast with a message that names the variable.
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./data/topcoins.db";

// An empty string in a .env file means "not set", not "set to nothing".
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const integer = (fallback: number, min: number, max: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional()
      .transform((value) => value ?? fallback),
  );

const httpUrl = (fallback: string) =>
  optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .optional()
      .transform((value) => (value ?? fallback).replace(/\/+$/, "")),
  );

/** redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Every provider can play either role. */
export const PROVIDERS = ["cryptocompare", "coinmarketcap", "coingecko"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** How users know each provider. */
export const PROVIDER_TITLES: Record<ProviderName, string> = {
  coinmarketcap: "CoinMarketCap",
  cryptocompare: "CryptoCompare",
  coingecko: "CoinGecko",
};

/** The variable that carries each provider's key. */
export const KEY_VARIABLES = {
  cryptocompare: "CRYPTOCOMPARE_API_KEY",
  coinmarketcap: "CMC_API_KEY",
  coingecko: "COINGECKO_API_KEY",
} as const satisfies Record<ProviderName, string>;

type Role = "ranking" | "pricing";

/** What a role uses when its *_PROVIDER is unset and this key is set; without the key, CoinGecko's keyless API. */
export const PAID_DEFAULTS: Record<Role, { provider: ProviderName; key: "CRYPTOCOMPARE_API_KEY" | "CMC_API_KEY" }> = {
  ranking: { provider: "cryptocompare", key: KEY_VARIABLES.cryptocompare },
  pricing: { provider: "coinmarketcap", key: KEY_VARIABLES.coinmarketcap },
};

/** RANKING_DEPTH's upper bound: no server ranks more coins, whatever its configuration. */
export const MAX_RANKING_DEPTH = 1000;

// A comma-separated list of providers, each named once: "coingecko" or "coingecko,cryptocompare".
const providerList = optionalString.pipe(
  z
    .string()
    .transform((value, context): ProviderName[] => {
      const names = value.split(",").map((part) => part.trim());
      const unknown = names.filter((name) => !(PROVIDERS as readonly string[]).includes(name));
      if (unknown.length > 0) {
        context.addIssue({
          code: "custom",
          message: `names ${unknown.map((name) => JSON.stringify(name)).join(", ")}; use a comma-separated list of ${PROVIDERS.join(", ")}`,
        });
        return z.NEVER;
      }
      if (new Set(names).size !== names.length) {
        context.addIssue({ code: "custom", message: "names a provider twice" });
        return z.NEVER;
      }
      return names as ProviderName[];
    })
    .optional()
    .transform((value): ProviderName[] => value ?? []),
);

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .refine((value) => /^(file:|postgres(ql)?:\/\/)/.test(value), "must start with file: or postgres://")
      .optional()
      .transform((value) => value ?? DEFAULT_DATABASE_URL),
  ),
  /** PostgreSQL: how long opening a connection (or waiting for a free one) may take before the call fails. */
  STORE_CONNECT_TIMEOUT_MS: integer(5000, 100, 120_000),
  /** PostgreSQL: the server's statement_timeout and idle_in_transaction_session_timeout; the client gives up 1 s after it. */
  STORE_STATEMENT_TIMEOUT_MS: integer(10_000, 100, 300_000),
  CMC_API_KEY: optionalString,
  CMC_BASE_URL: httpUrl("https://pro-api.coinmarketcap.com"),
  /** CoinMarketCap credits the pricing service may spend a day (the free plan: about 333); 0 = no budget. */
  CMC_DAILY_CREDITS: integer(333, 0, 100_000_000),
  CRYPTOCOMPARE_API_KEY: optionalString,
  CRYPTOCOMPARE_BASE_URL: httpUrl("https://min-api.cryptocompare.com"),
  CRYPTOCOMPARE_TOPLIST: optionalString.pipe(
    z
      .enum(["totalvolfull", "mktcapfull"])
      .optional()
      .transform((value) => value ?? "totalvolfull"),
  ),
  COINGECKO_API_KEY: optionalString,
  COINGECKO_PLAN: optionalString.pipe(
    z
      .enum(["demo", "pro"])
      .optional()
      .transform((value) => value ?? "demo"),
  ),
  /** Unset: the plan's own host (public for keyless and Demo, pro-api for Pro). */
  COINGECKO_BASE_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .optional()
      .transform((value) => value?.replace(/\/+$/, "")),
  ),
  /** Unset: CryptoCompare when CRYPTOCOMPARE_API_KEY is set, else CoinGecko's keyless API. */
  RANKING_PROVIDER: optionalString.pipe(z.enum(PROVIDERS).optional()),
  /** Unset: CoinMarketCap when CMC_API_KEY is set, else CoinGecko's keyless API. */
  PRICING_PROVIDER: optionalString.pipe(z.enum(PROVIDERS).optional()),
  /** Providers to fetch from, in order, while the primary fails with auth, quota or sustained outage. */
  RANKING_FALLBACK: providerList,
  PRICING_FALLBACK: providerList,
  /** Transient failures in a row that count as sustained unavailability and move a role to its fallback. */
  FAILOVER_AFTER_FAILURES: integer(3, 1, 100),
  /** While on a fallback, how often to try the primary again (unless the primary named a later time). */
  FAILOVER_PROBE_SECONDS: integer(300, 1, 86_400),
  /** Keyless CoinGecko calls a minute, shared by the roles that use it; 0 = no limit. */
  COINGECKO_CALLS_PER_MINUTE: integer(10, 0, 10_000),
  /** Flag a row when the ranking provider's own price is more than this many percent away. */
  PRICE_DIVERGENCE_PCT: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, "must be a number of percent from 0.1 to 100")
      .transform(Number)
      .pipe(
        z
          .number()
          .min(0.1, "must be a number of percent from 0.1 to 100")
          .max(100, "must be a number of percent from 0.1 to 100"),
      )
      .optional()
      .transform((value) => value ?? 5),
  ),
  PRICING_REFRESH_SECONDS: integer(60, 1, 86_400),
  RANKING_REFRESH_SECONDS: integer(60, 1, 86_400),
  RANKING_DEPTH: integer(200, 1, MAX_RANKING_DEPTH),
  PRICING_DEPTH: integer(500, 1, 5_000),
  STALE_FACTOR: integer(3, 1, 1_000),
  HTTP_TIMEOUT_MS: integer(10_000, 100, 120_000),
  HTTP_RETRIES: integer(3, 0, 10),
  HTTP_MAX_BODY_BYTES: integer(20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  HISTORY_BACKFILL_PER_CYCLE: integer(4, 0, 50),
  /** 1 (default): the services fetch each provider's identity list (coin map, coin list) for the asset registry; 0: not. */
  IDENTITY_LISTS: optionalString.pipe(
    z
      .enum(["0", "1"], { error: "must be 0 or 1" })
      .optional()
      .transform((value) => value !== "0"),
  ),
  /** How often each provider's identity list (coin map, coin list) is fetched; on the providers' own hosts at most daily. */
  IDENTITY_REFRESH_SECONDS: integer(86_400, 10, 30 * 86_400),
  /** A link whose evidence contradicts it in this many consecutive snapshots is dropped. */
  IDENTITY_UNLINK_AFTER: integer(3, 1, 100),
  /** 1 (default): ranked coins deeper than the price list are priced by id after each price fetch; 0: not. */
  PRICE_BY_ID: optionalString.pipe(
    z
      .enum(["0", "1"], { error: "must be 0 or 1" })
      .optional()
      .transform((value) => value !== "0"),
  ),
  OVERRIDES_FILE: optionalString.transform((value) => value ?? "config/overrides.json"),
  /** Set by `npm start`/`npm run demo` for the web: the supervisor's status, shown in /api/health. */
  SUPERVISOR_STATUS_FILE: optionalString,
  PORT: integer(3000, 1, 65_535),
  /** A service's Prometheus /metrics port; unset: no metrics server (the web serves /api/metrics). */
  METRICS_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a port from 1 to 65535")
      .transform(Number)
      .pipe(z.number().int().min(1, "must be a port from 1 to 65535").max(65_535, "must be a port from 1 to 65535"))
      .optional(),
  ),
  /** 1: human-readable logs for development; unset or 0: one JSON object per line. */
  LOG_PRETTY: optionalString.pipe(
    z
      .enum(["0", "1"], { error: "must be 0 or 1" })
      .optional()
      .transform((value) => value === "1"),
  ),
  /** How long a service replica's lease on its role lasts without renewal; a standby takes over after it. */
  LEASE_TTL_SECONDS: integer(30, 2, 3_600),
  /** This replica's name in leases and logs; unset: host name and process id. */
  INSTANCE_ID: optionalString,
  /** Per-client requests a minute to /api/* (a token bucket); 0 = no limit (the default). */
  API_RATE_LIMIT_PER_MINUTE: integer(0, 0, 1_000_000),
  /** How many requests a client may make at once before the per-minute rate applies. */
  API_RATE_LIMIT_BURST: integer(60, 1, 1_000_000),
  /** 1: the client address is the first X-Forwarded-For entry (behind a proxy you run); 0: the socket's. */
  TRUST_PROXY: optionalString.pipe(
    z
      .enum(["0", "1"], { error: "must be 0 or 1" })
      .optional()
      .transform((value) => value === "1"),
  ),
  /** Web replicas share the API rate limit through this Redis (redis:// or rediss://); unset: each replica limits on its own. */
  REDIS_URL: optionalString.pipe(
    z.string().refine(isRedisUrl, "must be a redis:// or rediss:// URL with a host").optional(),
  ),
  /** Starts every key this deployment writes in Redis (`<prefix>ratelimit:<client>`), so deployments sharing one keep apart. */
  REDIS_KEY_PREFIX: optionalString.pipe(
    z
      .string()
      .regex(/^[\x21-\x7e]{1,64}$/, "must be 1 to 64 printable ASCII characters, no spaces")
      .optional()
      .transform((value) => value ?? "topcoins:"),
  ),
  /** 1 (default): the web server answers /api/top, /?limit=N (curl) and /api/health from memory before Next; 0: Next's route handlers. */
  FAST_PATH: optionalString.pipe(
    z
      .enum(["0", "1"], { error: "must be 0 or 1" })
      .optional()
      .transform((value) => value !== "0"),
  ),
  /** The bearer secret /api/cron/refresh requires (Vercel sends it as `Authorization: Bearer …`). */
  CRON_SECRET: optionalString,
  /** OpenTelemetry: traces are exported only when an OTLP endpoint or OTEL_TRACES_EXPORTER is set. */
  OTEL_TRACES_EXPORTER: optionalString.pipe(
    z.enum(["otlp", "console", "none"], { error: "must be otlp, console or none" }).optional(),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  ),
  OTEL_SERVICE_NAME: optionalString,
  LOG_LEVEL: optionalString.pipe(
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .optional()
      .transform((value) => value ?? "info"),
  ),
});

/** How a role's provider was chosen: named in the environment, or CoinGecko because a key is missing. */
export type ProviderChoice = "configured" | "keyless_default";

type ParsedEnv = z.output<typeof envSchema>;

export type AppConfig = Omit<ParsedEnv, "RANKING_PROVIDER" | "PRICING_PROVIDER"> & {
  RANKING_PROVIDER: ProviderName;
  PRICING_PROVIDER: ProviderName;
  providerChoice: Record<Role, ProviderChoice>;
};

// A role without a named provider uses its paid default when that key is set, else CoinGecko keyless.
function resolveProviders(env: ParsedEnv): AppConfig {
  const primary = (role: Role): { provider: ProviderName; choice: ProviderChoice } => {
    const named = role === "ranking" ? env.RANKING_PROVIDER : env.PRICING_PROVIDER;
    const paid = PAID_DEFAULTS[role];
    const hasKey = env[paid.key] !== undefined;
    return {
      provider: named ?? (hasKey ? paid.provider : "coingecko"),
      choice: named !== undefined || hasKey ? "configured" : "keyless_default",
    };
  };
  const ranking = primary("ranking");
  const pricing = primary("pricing");
  const config: AppConfig = {
    ...env,
    RANKING_PROVIDER: ranking.provider,
    PRICING_PROVIDER: pricing.provider,
    providerChoice: { ranking: ranking.choice, pricing: pricing.choice },
  };
  // A fallback that is the role's own provider adds nothing (PRICING_FALLBACK=coingecko from
  // .env.example, with no CMC_API_KEY so CoinGecko already prices): leave it out.
  config.RANKING_FALLBACK = config.RANKING_FALLBACK.filter((provider) => provider !== config.RANKING_PROVIDER);
  config.PRICING_FALLBACK = config.PRICING_FALLBACK.filter((provider) => provider !== config.PRICING_PROVIDER);
  return config;
}

const configSchema = envSchema.transform(resolveProviders);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses a set of environment variables; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

let cached: AppConfig | undefined;

/**
 * The process's configuration, parsed on first use. A `.env` file in the working directory
 * fills in variables the environment does not set (the environment always wins).
 */
export function getConfig(): AppConfig {
  if (!cached) {
    if (existsSync(".env")) process.loadEnvFile(".env");
    cached = loadConfig();
  }
  return cached;
}

/** For a process's entry point: the configuration, or exit 1 with the message that names each bad variable. */
export function getConfigOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}

/** The unset key a provider needs, or null: CoinGecko needs one only on the Pro plan. */
export function missingProviderKey(config: AppConfig, provider: ProviderName): string | null {
  if (provider === "coingecko" && config.COINGECKO_PLAN !== "pro") return null;
  const variable = KEY_VARIABLES[provider];
  return config[variable] ? null : variable;
}

/** The unset key a role's configured provider needs, or null. */
export function missingKey(config: AppConfig, role: Role): string | null {
  return missingProviderKey(config, role === "ranking" ? config.RANKING_PROVIDER : config.PRICING_PROVIDER);
}

/** This process's name in leases, logs and traces: INSTANCE_ID, or host name and process id. */
export function instanceId(config: { INSTANCE_ID?: string | undefined }): string {
  return config.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
}
