// The one place that reads process.env. Every variable is parsed once with zod;
// a bad value fails fast with a message that names the variable.
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./data/topcoins.db";

/** The tables of docs/configuration.md, in its order. */
export const CONFIG_GROUPS = ["store", "providers", "services", "identity", "web", "observability"] as const;
export type ConfigGroup = (typeof CONFIG_GROUPS)[number];

/**
 * What docs/configuration.md says about a variable (`npm run docs:config` reads it from the schema).
 * The default, the enum values and the number range come from the schema itself; `values` states what
 * a pattern or refinement accepts, `unset` what an unset variable means when the schema leaves it undefined.
 */
export type VariableDoc = { group: ConfigGroup; description: string; values?: string; unset?: string };

// On a field's outermost schema: in zod 4, .pipe() and .transform() build new schemas that drop the
// metadata of the parts inside them, while a .meta() clone inherits its parent's (httpUrl's values).
const documented = <T extends z.ZodType>(schema: T, doc: VariableDoc): T => schema.meta(doc);

const HTTP_URL = "an http(s) URL";

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

// A switch: 1 or 0, unset meaning the fallback.
const flag = (fallback: boolean) =>
  optionalString.pipe(
    z
      .enum(["0", "1"], { error: "must be 0 or 1" })
      .optional()
      .transform((value) => (value === undefined ? fallback : value === "1")),
  );

const httpUrl = (fallback: string) =>
  optionalString
    .pipe(
      z
        .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
        .optional()
        .transform((value) => (value ?? fallback).replace(/\/+$/, "")),
    )
    .meta({ values: HTTP_URL });

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
const providerList = optionalString
  .pipe(
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
  )
  .meta({ values: `a comma-separated list of ${PROVIDERS.map((name) => `\`${name}\``).join(", ")}` });

/** Every variable the app reads, with what docs/configuration.md says about it. */
export const envSchema = z.object({
  DATABASE_URL: documented(
    optionalString.pipe(
      z
        .string()
        .refine((value) => /^(file:|postgres(ql)?:\/\/)/.test(value), "must start with file: or postgres://")
        .optional()
        .transform((value) => value ?? DEFAULT_DATABASE_URL),
    ),
    {
      group: "store",
      values: "`file:<path>`, `postgres://…` or `postgresql://…`",
      description:
        "The store: `file:<path>` for SQLite (WAL mode, shared by the processes on one host), `postgres://user:password@host:5432/db` for PostgreSQL.",
    },
  ),
  STORE_CONNECT_TIMEOUT_MS: documented(integer(5000, 100, 120_000), {
    group: "store",
    description:
      "PostgreSQL: how long opening a connection (or waiting for a free one) may take before the call fails, in ms. A URL's own `connect_timeout` wins. SQLite waits 5 s for another process's lock.",
  }),
  STORE_STATEMENT_TIMEOUT_MS: documented(integer(10_000, 100, 300_000), {
    group: "store",
    description:
      "PostgreSQL: the server's `statement_timeout` and `idle_in_transaction_session_timeout`, in ms; the client gives up on a query 1 s later. A URL's own `options=-c statement_timeout=…` wins.",
  }),
  CMC_API_KEY: documented(optionalString, {
    group: "providers",
    description:
      "CoinMarketCap key, sent as the `X-CMC_PRO_API_KEY` header. Required when CoinMarketCap ranks, prices or stands by; with it set and `PRICING_PROVIDER` unset, CoinMarketCap prices.",
  }),
  CMC_BASE_URL: documented(httpUrl("https://pro-api.coinmarketcap.com"), {
    group: "providers",
    description: "CoinMarketCap host, or a mirror, or the simulator.",
  }),
  CMC_DAILY_CREDITS: documented(integer(333, 0, 100_000_000), {
    group: "providers",
    description:
      "CoinMarketCap credits a day (the free plan allows about 333). `listings/latest` costs one credit per 200 coins (`PRICING_DEPTH=500`: 3 a call), so 333 a day means one call every 13 min: the interval is raised to fit, split between the roles that may call CoinMarketCap. `0` = no budget (paid plans, mirrors, the simulator).",
  }),
  CRYPTOCOMPARE_API_KEY: documented(optionalString, {
    group: "providers",
    description:
      "CryptoCompare key, sent as `authorization: Apikey <key>`. Required when CryptoCompare ranks, prices or stands by; with it set and `RANKING_PROVIDER` unset, CryptoCompare ranks.",
  }),
  CRYPTOCOMPARE_BASE_URL: documented(httpUrl("https://min-api.cryptocompare.com"), {
    group: "providers",
    description: "CryptoCompare host, or a mirror, or the simulator.",
  }),
  CRYPTOCOMPARE_TOPLIST: documented(
    optionalString.pipe(
      z
        .enum(["totalvolfull", "mktcapfull"])
        .optional()
        .transform((value) => value ?? "totalvolfull"),
    ),
    {
      group: "providers",
      description: "The CryptoCompare toplist: `totalvolfull` ranks by 24 h volume, `mktcapfull` by market cap.",
    },
  ),
  COINGECKO_API_KEY: documented(optionalString, {
    group: "providers",
    description:
      "Optional CoinGecko key: a Demo key (sent as `x-cg-demo-api-key`), or a Pro key with `COINGECKO_PLAN=pro` (sent as `x-cg-pro-api-key`). Unset: CoinGecko's keyless public API, with a low limit per IP.",
  }),
  COINGECKO_PLAN: documented(
    optionalString.pipe(
      z
        .enum(["demo", "pro"])
        .optional()
        .transform((value) => value ?? "demo"),
    ),
    {
      group: "providers",
      description: "`demo`: the public host, keyless or with a Demo key; `pro`: the Pro host, key required.",
    },
  ),
  COINGECKO_BASE_URL: documented(
    optionalString.pipe(
      z
        .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
        .optional()
        .transform((value) => value?.replace(/\/+$/, "")),
    ),
    {
      group: "providers",
      values: HTTP_URL,
      unset: "the plan's host",
      description: "CoinGecko host up to `/api/v3`, or a mirror, or the simulator.",
    },
  ),
  RANKING_PROVIDER: documented(optionalString.pipe(z.enum(PROVIDERS).optional()), {
    group: "providers",
    unset: "`cryptocompare` with `CRYPTOCOMPARE_API_KEY`, else `coingecko` (keyless)",
    description:
      "The provider that ranks. Any provider can play either role; with the same provider in both roles the lists are joined by its own ids.",
  }),
  PRICING_PROVIDER: documented(optionalString.pipe(z.enum(PROVIDERS).optional()), {
    group: "providers",
    unset: "`coinmarketcap` with `CMC_API_KEY`, else `coingecko` (keyless)",
    description:
      "The provider that prices. A provider named here or in `RANKING_PROVIDER` without its key stops the start with the variable to set.",
  }),
  RANKING_FALLBACK: documented(providerList, {
    group: "providers",
    description:
      "Providers the ranking role fetches from, in order, while its provider fails (e.g. `coingecko`). A fallback that needs a key must have it; one that is the role's own provider is left out.",
  }),
  PRICING_FALLBACK: documented(providerList, {
    group: "providers",
    description: "Providers the pricing role fetches from, in order, while its provider fails, as `RANKING_FALLBACK`.",
  }),
  FAILOVER_AFTER_FAILURES: documented(integer(3, 1, 100), {
    group: "providers",
    description:
      "Failures in a row that count as a sustained outage and move a role to its fallback. A refused key (`auth`) or a spent quota (`quota`) moves it at once.",
  }),
  FAILOVER_PROBE_SECONDS: documented(integer(300, 1, 86_400), {
    group: "providers",
    description:
      "While a fallback serves, how often the primary is tried again (unless the primary named a later time, such as CoinMarketCap's quota reset); the role goes back as soon as it answers.",
  }),
  COINGECKO_CALLS_PER_MINUTE: documented(integer(10, 0, 10_000), {
    group: "providers",
    description:
      "Keyless CoinGecko calls a minute, split between the roles that may call it (the default depths and 60 s intervals make 3); `0` = no limit.",
  }),
  PRICE_DIVERGENCE_PCT: documented(
    optionalString.pipe(
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
    {
      group: "identity",
      description:
        "Flag a row (`priceCheck`, ≠ on the dashboard) when the ranking provider's own price is more than this many percent away from the served price.",
    },
  ),
  PRICING_REFRESH_SECONDS: documented(integer(60, 1, 86_400), {
    group: "services",
    description:
      "How often the pricing service fetches. On a provider's own host a shorter interval than 60 s is raised to 60 (the providers refresh every minute); a mirror or the simulator polls as configured.",
  }),
  RANKING_REFRESH_SECONDS: documented(integer(60, 1, 86_400), {
    group: "services",
    description: "How often the ranking service fetches, with the same 60 s floor on a provider's own host.",
  }),
  FX_REFRESH_SECONDS: documented(integer(300, 0, 86_400), {
    group: "services",
    description:
      "How often the pricing service fetches the exchange-rate table `vs=` converts with (CoinGecko's keyless `/exchange_rates` at `COINGECKO_BASE_URL`): one call an interval, never on a request. On CoinGecko's own host a shorter interval than 60 s is raised to 60. `0` turns conversion off: `vs=` then takes USD only.",
  }),
  RANKING_DEPTH: documented(integer(200, 1, MAX_RANKING_DEPTH), {
    group: "services",
    description: "Ranked coins kept and served; also the largest `limit`.",
  }),
  PRICING_DEPTH: documented(integer(500, 1, 5_000), {
    group: "services",
    description: "Listings fetched to price the ranked coins (500 cost 3 CoinMarketCap credits).",
  }),
  STALE_FACTOR: documented(integer(3, 1, 1_000), {
    group: "services",
    description:
      "A source is stale once no fetch has confirmed its data for this many refresh intervals. Stale data is still served, flagged in `meta` and `/api/health`.",
  }),
  HTTP_TIMEOUT_MS: documented(integer(10_000, 100, 120_000), {
    group: "providers",
    description: "Upstream HTTP: the timeout of one attempt, in ms.",
  }),
  HTTP_RETRIES: documented(integer(3, 0, 10), {
    group: "providers",
    description: "Upstream HTTP: retries of transient failures within one fetch.",
  }),
  HTTP_MAX_BODY_BYTES: documented(integer(20 * 1024 * 1024, 1024, 512 * 1024 * 1024), {
    group: "providers",
    description: "Upstream HTTP: the cap on a body, in bytes.",
  }),
  HISTORY_BACKFILL_PER_CYCLE: documented(integer(4, 0, 50), {
    group: "services",
    description:
      "Coins per ranking cycle whose price history is backfilled from CryptoCompare (each costs up to 2 calls: a year of days and about 83 days of hours, refreshed daily); `0` = off.",
  }),
  IDENTITY_LISTS: documented(flag(true), {
    group: "identity",
    description:
      "`1`: the services fetch each provider's identity list (CoinMarketCap's map, CryptoCompare's and CoinGecko's coin lists) for slugs and token contracts; `0`: matching uses what the listings carry.",
  }),
  IDENTITY_REFRESH_SECONDS: documented(integer(86_400, 10, 30 * 86_400), {
    group: "identity",
    description:
      "How often each provider's identity list is fetched: at most once a day on the providers' own hosts, as configured on a mirror or the simulator.",
  }),
  IDENTITY_UNLINK_AFTER: documented(integer(3, 1, 100), {
    group: "identity",
    description: "A link whose evidence contradicts it in this many consecutive snapshots is dropped.",
  }),
  PRICE_BY_ID: documented(flag(true), {
    group: "identity",
    description:
      "`1`: ranked coins deeper than `PRICING_DEPTH` are priced by id after each price fetch, in one batched call (CoinMarketCap: a credit per 100 coins, within `CMC_DAILY_CREDITS`); `0`: they stay unpriced.",
  }),
  OVERRIDES_FILE: documented(
    optionalString.transform((value) => value ?? "config/overrides.json"),
    {
      group: "identity",
      description: "The reviewed identity overrides (definitive links), read again when the file changes.",
    },
  ),
  SUPERVISOR_STATUS_FILE: documented(optionalString, {
    group: "web",
    description:
      "Set by `npm start` and `npm run demo` for the web, not by hand: the supervisor's status file, shown as `processes` in `/api/health`.",
  }),
  PORT: documented(integer(3000, 1, 65_535), { group: "web", description: "The web server's port." }),
  METRICS_PORT: documented(
    optionalString.pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a port from 1 to 65535")
        .transform(Number)
        .pipe(z.number().int().min(1, "must be a port from 1 to 65535").max(65_535, "must be a port from 1 to 65535"))
        .optional(),
    ),
    {
      group: "observability",
      unset: "no metrics server",
      description:
        "A service's Prometheus `/metrics` port (the web always serves `/api/metrics`). A port that cannot be bound stops the service.",
    },
  ),
  LOG_PRETTY: documented(flag(false), {
    group: "observability",
    description: "`1`: readable log lines for development; `0`: one JSON object per line.",
  }),
  LEASE_TTL_SECONDS: documented(integer(30, 2, 3_600), {
    group: "services",
    description:
      "How long a service replica's lease on its role lasts without renewal: a standby takes over this long after the holder stops renewing.",
  }),
  INSTANCE_ID: documented(optionalString, {
    group: "services",
    unset: "host name and process id",
    description:
      "This replica's name in leases, logs, metrics and traces (`service.instance.id`); every replica sharing a store needs its own.",
  }),
  API_RATE_LIMIT_PER_MINUTE: documented(integer(0, 0, 1_000_000), {
    group: "web",
    description:
      "Per-client requests a minute to `/api/*` and curl's `/` (a token bucket in the web server; `429` with `Retry-After`); `0` = off. Shared by the web replicas with `REDIS_URL`, per replica without it. Probes and metrics are never limited.",
  }),
  API_RATE_LIMIT_BURST: documented(integer(60, 1, 1_000_000), {
    group: "web",
    description: "Requests a client may make at once before the per-minute rate applies.",
  }),
  TRUST_PROXY: documented(flag(false), {
    group: "web",
    description:
      "`1` only behind a proxy you run: the client is the first `X-Forwarded-For` entry; `0`: the socket's address.",
  }),
  REDIS_URL: documented(
    optionalString.pipe(z.string().refine(isRedisUrl, "must be a redis:// or rediss:// URL with a host").optional()),
    {
      group: "web",
      values: "`redis://…` or `rediss://…` (TLS), with a host",
      unset: "each replica limits on its own",
      description:
        "The Redis through which the web replicas share the rate limit; a password goes in the URL and is never logged. While it is unreachable each replica limits in its own memory, and shares again once it is back.",
    },
  ),
  REDIS_KEY_PREFIX: documented(
    optionalString.pipe(
      z
        .string()
        .regex(/^[\x21-\x7e]{1,64}$/, "must be 1 to 64 printable ASCII characters, no spaces")
        .optional()
        .transform((value) => value ?? "topcoins:"),
    ),
    {
      group: "web",
      values: "1 to 64 printable ASCII characters, no spaces",
      description:
        "Starts every key written in Redis (`<prefix>ratelimit:<client>`): give each deployment sharing a Redis its own.",
    },
  ),
  FAST_PATH: documented(flag(true), {
    group: "web",
    description:
      "`1`: the web server answers `/api/top`, curl's `/` and `/api/health` from memory before Next; `0`: Next's route handlers answer them.",
  }),
  CRON_SECRET: documented(optionalString, {
    group: "web",
    unset: "the route answers 503",
    description:
      "The bearer token `/api/cron/refresh` requires (Vercel sends it as `Authorization: Bearer …`); use a random string of at least 16 characters.",
  }),
  OTEL_TRACES_EXPORTER: documented(
    optionalString.pipe(z.enum(["otlp", "console", "none"], { error: "must be otlp, console or none" }).optional()),
    {
      group: "observability",
      unset: "`otlp` when an endpoint is set, else off",
      description:
        "Where traces go: `otlp` (OTLP/HTTP, batched), `console` (stdout, for debugging) or `none` (off, even with an endpoint set).",
    },
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: documented(
    optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
    {
      group: "observability",
      values: HTTP_URL,
      description: "The trace collector's base URL; `/v1/traces` is appended. Setting it alone turns on `otlp`.",
    },
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: documented(
    optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
    {
      group: "observability",
      values: HTTP_URL,
      description: "The full traces URL; it wins over `OTEL_EXPORTER_OTLP_ENDPOINT`.",
    },
  ),
  OTEL_SERVICE_NAME: documented(optionalString, {
    group: "observability",
    unset: "`topcoins-web`, `topcoins-pricing` or `topcoins-ranking`",
    description: "The traces' `service.name`.",
  }),
  LOG_LEVEL: documented(
    optionalString.pipe(
      z
        .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
        .optional()
        .transform((value) => value ?? "info"),
    ),
    { group: "observability", description: "The log threshold (pino's levels)." },
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
