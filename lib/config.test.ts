import { describe, expect, it } from "vitest";
import {
  type AppConfig,
  ConfigError,
  DEFAULT_DATABASE_URL,
  instanceId,
  loadConfig,
  missingKey,
  missingProviderKey,
} from "./config";
import { DEFAULT_STORE_TIMEOUTS, storeTimeoutsFromConfig } from "./store/timeouts";

/** The unset keys the two roles' providers need, each named once. */
const missingLiveKeys = (config: AppConfig) => [
  ...new Set([missingKey(config, "pricing"), missingKey(config, "ranking")].filter((key) => key !== null)),
];

describe("loadConfig", () => {
  it("fills every default from an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: DEFAULT_DATABASE_URL,
      CMC_BASE_URL: "https://pro-api.coinmarketcap.com",
      CRYPTOCOMPARE_BASE_URL: "https://min-api.cryptocompare.com",
      CRYPTOCOMPARE_TOPLIST: "totalvolfull",
      PRICING_REFRESH_SECONDS: 60,
      RANKING_REFRESH_SECONDS: 60,
      RANKING_DEPTH: 200,
      PRICING_DEPTH: 500,
      STALE_FACTOR: 3,
      HISTORY_BACKFILL_PER_CYCLE: 4,
      PORT: 3000,
      LOG_LEVEL: "info",
      RANKING_PROVIDER: "coingecko",
      PRICING_PROVIDER: "coingecko",
      providerChoice: { ranking: "keyless_default", pricing: "keyless_default" },
      RANKING_FALLBACK: [],
      PRICING_FALLBACK: [],
      FAILOVER_AFTER_FAILURES: 3,
      FAILOVER_PROBE_SECONDS: 300,
      COINGECKO_CALLS_PER_MINUTE: 10,
      LOG_PRETTY: false,
      LEASE_TTL_SECONDS: 30,
      COINGECKO_PLAN: "demo",
      PRICE_DIVERGENCE_PCT: 5,
      CMC_DAILY_CREDITS: 333,
      IDENTITY_LISTS: true,
      IDENTITY_REFRESH_SECONDS: 86_400,
      IDENTITY_UNLINK_AFTER: 3,
      PRICE_BY_ID: true,
      OVERRIDES_FILE: "config/overrides.json",
    });
    expect(config.CMC_API_KEY).toBeUndefined();
    expect(config.COINGECKO_BASE_URL).toBeUndefined();
    // With no key at all both roles run on CoinGecko's keyless API, so nothing is missing.
    expect(missingLiveKeys(config)).toEqual([]);
  });

  it("uses the paid default of a role whose key is set, and a named provider as named", () => {
    expect(loadConfig({ CRYPTOCOMPARE_API_KEY: "cc", CMC_API_KEY: "cmc" })).toMatchObject({
      RANKING_PROVIDER: "cryptocompare",
      PRICING_PROVIDER: "coinmarketcap",
      providerChoice: { ranking: "configured", pricing: "configured" },
    });
    expect(loadConfig({ CMC_API_KEY: "cmc" })).toMatchObject({
      RANKING_PROVIDER: "coingecko",
      PRICING_PROVIDER: "coinmarketcap",
      providerChoice: { ranking: "keyless_default", pricing: "configured" },
    });
    const named = loadConfig({ RANKING_PROVIDER: "coinmarketcap", PRICING_PROVIDER: "cryptocompare" });
    expect(named).toMatchObject({ RANKING_PROVIDER: "coinmarketcap", PRICING_PROVIDER: "cryptocompare" });
    expect(named.providerChoice).toEqual({ ranking: "configured", pricing: "configured" });
    expect(missingLiveKeys(named)).toEqual(["CRYPTOCOMPARE_API_KEY", "CMC_API_KEY"]);
  });

  it("reads the identity settings: lists and pricing by id switched off, a refresh and an unlink threshold", () => {
    expect(
      loadConfig({ IDENTITY_LISTS: "0", IDENTITY_REFRESH_SECONDS: "10", IDENTITY_UNLINK_AFTER: "1", PRICE_BY_ID: "0" }),
    ).toMatchObject({
      IDENTITY_LISTS: false,
      IDENTITY_REFRESH_SECONDS: 10,
      IDENTITY_UNLINK_AFTER: 1,
      PRICE_BY_ID: false,
    });
  });

  it("reads fallback lists in order", () => {
    const config = loadConfig({
      CMC_API_KEY: "cmc",
      PRICING_FALLBACK: " coingecko , cryptocompare",
      RANKING_FALLBACK: "coinmarketcap",
      FAILOVER_PROBE_SECONDS: "2",
    });
    expect(config.PRICING_FALLBACK).toEqual(["coingecko", "cryptocompare"]);
    expect(config.RANKING_FALLBACK).toEqual(["coinmarketcap"]);
    expect(config.FAILOVER_PROBE_SECONDS).toBe(2);
    // No CMC key: CoinGecko already prices, so it is no fallback of itself.
    const keyless = loadConfig({ PRICING_FALLBACK: "coingecko", RANKING_FALLBACK: "coingecko,coinmarketcap" });
    expect([keyless.PRICING_FALLBACK, keyless.RANKING_FALLBACK]).toEqual([[], ["coinmarketcap"]]);
  });

  it("treats empty strings as unset and trims base URLs' trailing slashes", () => {
    const config = loadConfig({ CMC_API_KEY: " ", CMC_BASE_URL: "http://127.0.0.1:4100/", PORT: "" });
    expect(config.CMC_API_KEY).toBeUndefined();
    expect(config.CMC_BASE_URL).toBe("http://127.0.0.1:4100");
    expect(config.PORT).toBe(3000);
  });

  it("reads the rate limit, proxy trust and fast path switches", () => {
    expect(loadConfig({})).toMatchObject({
      API_RATE_LIMIT_PER_MINUTE: 0,
      API_RATE_LIMIT_BURST: 60,
      TRUST_PROXY: false,
      FAST_PATH: true,
    });
    expect(
      loadConfig({ API_RATE_LIMIT_PER_MINUTE: "120", API_RATE_LIMIT_BURST: "10", TRUST_PROXY: "1", FAST_PATH: "0" }),
    ).toMatchObject({ API_RATE_LIMIT_PER_MINUTE: 120, API_RATE_LIMIT_BURST: 10, TRUST_PROXY: true, FAST_PATH: false });
  });

  it("reads the Redis that shares the rate limit, and its key prefix", () => {
    const unset = loadConfig({});
    expect(unset.REDIS_URL).toBeUndefined();
    expect(unset.REDIS_KEY_PREFIX).toBe("topcoins:");
    expect(
      loadConfig({ REDIS_URL: " rediss://app:s3cret@redis.internal:6380/2 ", REDIS_KEY_PREFIX: "staging:" }),
    ).toMatchObject({ REDIS_URL: "rediss://app:s3cret@redis.internal:6380/2", REDIS_KEY_PREFIX: "staging:" });
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
    // A bad URL is named, never echoed: it may hold a password.
    expect(() => loadConfig({ REDIS_URL: "http://app:s3cret@cache:6379" })).toThrow(
      /^Invalid configuration:\n {2}- REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL with a host$/,
    );
  });

  it("reads the store timeouts, and maps them to the store's settings", () => {
    expect(loadConfig({})).toMatchObject({ STORE_CONNECT_TIMEOUT_MS: 5000, STORE_STATEMENT_TIMEOUT_MS: 10_000 });
    expect(storeTimeoutsFromConfig(loadConfig({}))).toEqual(DEFAULT_STORE_TIMEOUTS);
    const short = loadConfig({ STORE_CONNECT_TIMEOUT_MS: "100", STORE_STATEMENT_TIMEOUT_MS: "300000" });
    expect(storeTimeoutsFromConfig(short)).toEqual({ connectTimeoutMs: 100, statementTimeoutMs: 300_000 });
  });

  it("takes valid values", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://u:p@db:5432/topcoins",
      PRICING_REFRESH_SECONDS: "1",
      RANKING_DEPTH: "1000",
      CRYPTOCOMPARE_TOPLIST: "mktcapfull",
      HISTORY_BACKFILL_PER_CYCLE: "0",
    });
    expect(config).toMatchObject({
      DATABASE_URL: "postgres://u:p@db:5432/topcoins",
      PRICING_REFRESH_SECONDS: 1,
      RANKING_DEPTH: 1000,
      CRYPTOCOMPARE_TOPLIST: "mktcapfull",
      HISTORY_BACKFILL_PER_CYCLE: 0,
    });
  });

  it("asks only for the keys of the chosen providers; CoinGecko needs one only on the Pro plan", () => {
    const keyless = loadConfig({ RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko" });
    expect(missingLiveKeys(keyless)).toEqual([]);
    expect(missingLiveKeys(loadConfig({ PRICING_PROVIDER: "coinmarketcap" }))).toEqual(["CMC_API_KEY"]);
    expect(missingLiveKeys(loadConfig({ RANKING_PROVIDER: "cryptocompare" }))).toEqual(["CRYPTOCOMPARE_API_KEY"]);
    const pro = loadConfig({ RANKING_PROVIDER: "coingecko", PRICING_PROVIDER: "coingecko", COINGECKO_PLAN: "pro" });
    expect(missingLiveKeys(pro)).toEqual(["COINGECKO_API_KEY"]);
    expect(missingProviderKey(pro, "coingecko")).toBe("COINGECKO_API_KEY");
    expect(missingProviderKey(loadConfig({ COINGECKO_API_KEY: "k", COINGECKO_PLAN: "pro" }), "coingecko")).toBeNull();
    expect(missingProviderKey(keyless, "coinmarketcap")).toBe("CMC_API_KEY");
    expect(missingProviderKey(loadConfig({ CMC_API_KEY: "k" }), "coinmarketcap")).toBeNull();
    expect(loadConfig({ PRICE_DIVERGENCE_PCT: "2.5" }).PRICE_DIVERGENCE_PCT).toBe(2.5);
    const base = loadConfig({ COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3/" });
    expect(base.COINGECKO_BASE_URL).toBe("http://127.0.0.1:4100/api/v3");
  });

  it.each([
    ["DATABASE_URL", "mysql://x"],
    ["CMC_BASE_URL", "ftp://example.com"],
    ["CRYPTOCOMPARE_TOPLIST", "topvol"],
    ["PRICING_REFRESH_SECONDS", "0"],
    ["RANKING_REFRESH_SECONDS", "1.5"],
    ["RANKING_DEPTH", "1001"],
    ["PRICING_DEPTH", "-1"],
    ["STALE_FACTOR", "abc"],
    ["HISTORY_BACKFILL_PER_CYCLE", "51"],
    ["PORT", "70000"],
    ["LOG_LEVEL", "loud"],
    ["RANKING_PROVIDER", "coinpaprika"],
    ["PRICING_PROVIDER", "cmc"],
    ["PRICING_FALLBACK", "coingecko,coincap"],
    ["RANKING_FALLBACK", "coinmarketcap,coinmarketcap"],
    ["FAILOVER_AFTER_FAILURES", "0"],
    ["FAILOVER_PROBE_SECONDS", "0"],
    ["COINGECKO_CALLS_PER_MINUTE", "-5"],
    ["METRICS_PORT", "0"],
    ["LOG_PRETTY", "yes"],
    ["LEASE_TTL_SECONDS", "1"],
    ["OTEL_TRACES_EXPORTER", "jaeger"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"],
    ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector/v1/traces"],
    ["API_RATE_LIMIT_PER_MINUTE", "-1"],
    ["API_RATE_LIMIT_PER_MINUTE", "ten"],
    ["API_RATE_LIMIT_BURST", "0"],
    ["TRUST_PROXY", "yes"],
    ["FAST_PATH", "true"],
    ["COINGECKO_PLAN", "enterprise"],
    ["COINGECKO_BASE_URL", "not a url"],
    ["PRICE_DIVERGENCE_PCT", "0"],
    ["CMC_DAILY_CREDITS", "-1"],
    ["PRICE_DIVERGENCE_PCT", "-2"],
    ["PRICE_DIVERGENCE_PCT", "5%"],
    ["IDENTITY_LISTS", "yes"],
    ["IDENTITY_REFRESH_SECONDS", "9"],
    ["IDENTITY_REFRESH_SECONDS", "1d"],
    ["IDENTITY_REFRESH_SECONDS", "2592001"],
    ["IDENTITY_UNLINK_AFTER", "0"],
    ["IDENTITY_UNLINK_AFTER", "101"],
    ["IDENTITY_UNLINK_AFTER", "2.5"],
    ["PRICE_BY_ID", "true"],
    ["REDIS_URL", "localhost:6379"],
    ["REDIS_URL", "http://cache:6379"],
    ["REDIS_URL", "redis://"],
    ["REDIS_KEY_PREFIX", "top coins:"],
    ["STORE_CONNECT_TIMEOUT_MS", "99"],
    ["STORE_CONNECT_TIMEOUT_MS", "120001"],
    ["STORE_CONNECT_TIMEOUT_MS", "5s"],
    ["STORE_STATEMENT_TIMEOUT_MS", "0"],
    ["STORE_STATEMENT_TIMEOUT_MS", "300001"],
    ["STORE_STATEMENT_TIMEOUT_MS", "1.5"],
  ])("rejects %s=%j with an error naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(1);
      expect((error as ConfigError).problems[0]).toMatch(new RegExp(`^${name}: `));
    }
  });
});

describe("instanceId", () => {
  it("is INSTANCE_ID when set, else host name and process id", () => {
    expect(instanceId(loadConfig({ INSTANCE_ID: "pricing-2" }))).toBe("pricing-2");
    expect(instanceId(loadConfig({}))).toMatch(new RegExp(`-${process.pid}$`));
  });
});
