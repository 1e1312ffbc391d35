// compose.yaml: the services, their order (depends_on), health checks, and an environment the
// app's own config parser accepts, live and offline. `docker compose config` is not run here.
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { entrypointRoles, exists, read, yamlDocuments } from "../test/support/manifests";

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  restart?: string;
  ports?: string[];
  volumes?: string[];
}

const compose = yamlDocuments("compose.yaml")[0] as { services: Record<string, Service>; volumes: object };
const { services } = compose;
const roles = entrypointRoles(read("deploy/docker-entrypoint.sh"));
const appServices = Object.entries(services).filter(([, service]) => service.image.startsWith("${TOPCOINS_IMAGE"));

/** Compose's interpolation: `${NAME}`, `${NAME:-default}` (default when unset or empty). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, fallback = "") => env[name] || fallback);
}
const environmentOf = (name: string, env: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries(services[name]?.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), env)]),
  );
const envFile = (file: string) =>
  Object.fromEntries(
    read(file)
      .split("\n")
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

describe("compose.yaml", () => {
  it("runs PostgreSQL 15, the migration, two web replicas behind a proxy, both services and the simulator", () => {
    expect(Object.keys(services).sort()).toEqual(
      ["migrate", "postgres", "pricing", "proxy", "ranking", "redis", "simulator", "web-1", "web-2"].sort(),
    );
    expect(services.postgres?.image).toBe("postgres:15-alpine");
    expect(services.postgres?.healthcheck?.test).toEqual(["CMD-SHELL", "pg_isready -U topcoins -d topcoins"]);
    expect(services.redis?.image).toBe("redis:7-alpine");
    const commands = Object.fromEntries(appServices.map(([name, service]) => [name, service.command]));
    expect(commands).toEqual({
      migrate: ["migrate"],
      "web-1": ["web"],
      "web-2": ["web"],
      pricing: ["pricing"],
      ranking: ["ranking"],
      simulator: ["simulator"],
    });
    for (const [, service] of appServices) expect(roles.has(service.command?.[0] ?? "")).toBe(true);
  });

  it("migrates once, then starts the web and the services; the simulator only in the offline profile", () => {
    expect(services.migrate?.restart).toBe("no");
    expect(services.migrate?.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    const afterMigrate = {
      postgres: { condition: "service_healthy" },
      migrate: { condition: "service_completed_successfully" },
    };
    for (const name of ["web-1", "web-2"]) {
      expect(services[name]?.depends_on).toEqual({ ...afterMigrate, redis: { condition: "service_started" } });
    }
    for (const name of ["pricing", "ranking"]) {
      expect(services[name]?.depends_on).toEqual({
        ...afterMigrate,
        simulator: { condition: "service_healthy", required: false },
      });
    }
    expect(Object.entries(services).filter(([, service]) => service.profiles)).toEqual([
      ["simulator", expect.objectContaining({ profiles: ["offline"] })],
    ]);
  });

  it("has a health check for every service another one waits for, and each app check probes its own role", () => {
    for (const service of Object.values(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[target]).toBeDefined();
        if (condition === "service_healthy") expect(services[target]?.healthcheck).toBeDefined();
      }
    }
    for (const [name, service] of appServices.filter(([, service]) => service.healthcheck)) {
      expect([name, service.healthcheck?.test]).toEqual([
        name,
        ["CMD", "node", "/app/deploy/healthcheck.mjs", service.command?.[0]],
      ]);
    }
  });

  it("publishes one port through Caddy, which balances the two replicas and checks them on a real route", () => {
    expect(services.proxy?.image).toBe("caddy:2-alpine");
    expect(services.proxy?.ports).toEqual([`\${WEB_PORT:-3000}:80`]);
    expect(services.proxy?.volumes).toEqual(["./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"]);
    const caddyfile = read("deploy/Caddyfile");
    expect(caddyfile).toMatch(/reverse_proxy web-1:3000 web-2:3000 \{/);
    const healthUri = /health_uri (\S+)/.exec(caddyfile)?.[1];
    expect([healthUri, exists(`app${healthUri}/route.ts`)]).toEqual(["/api/version", true]);
    expect(Object.keys(compose.volumes)).toEqual(["pgdata"]);
  });

  it("gives the app an environment its config accepts, with the store on the postgres service", () => {
    for (const [name] of appServices.filter(([name]) => name !== "simulator")) {
      const config = loadConfig(environmentOf(name));
      expect([name, config.DATABASE_URL]).toEqual([name, "postgres://topcoins:topcoins@postgres:5432/topcoins"]);
    }
    const keyed = loadConfig(environmentOf("pricing", { CMC_API_KEY: "live-key", POSTGRES_PASSWORD: "s3cret" }));
    expect([keyed.CMC_API_KEY, keyed.PRICING_PROVIDER, keyed.DATABASE_URL]).toEqual([
      "live-key",
      "coinmarketcap",
      "postgres://topcoins:s3cret@postgres:5432/topcoins",
    ]);
    expect(environmentOf("postgres")).toMatchObject({ POSTGRES_USER: "topcoins", POSTGRES_DB: "topcoins" });
    // Both replicas share one limit through the redis service, and count the client Caddy names.
    for (const name of ["web-1", "web-2"]) {
      const config = loadConfig(environmentOf(name, { API_RATE_LIMIT_PER_MINUTE: "120" }));
      expect([name, config.REDIS_URL, config.API_RATE_LIMIT_PER_MINUTE, config.TRUST_PROXY]).toEqual([
        name,
        "redis://redis:6379",
        120,
        true,
      ]);
    }
  });

  it("offline (deploy/offline.env), points every provider at the simulator with its keys, as the demo does", () => {
    const offline = envFile("deploy/offline.env");
    expect(offline.COMPOSE_PROFILES).toBe("offline");
    const config = loadConfig(environmentOf("ranking", offline));
    const simulator = environmentOf("simulator", offline);
    const simUrl = `http://simulator:${simulator.SIMULATOR_PORT}`;
    expect([config.CMC_BASE_URL, config.CRYPTOCOMPARE_BASE_URL, config.COINGECKO_BASE_URL]).toEqual([
      simUrl,
      simUrl,
      `${simUrl}/api/v3`,
    ]);
    expect([config.CMC_API_KEY, config.CRYPTOCOMPARE_API_KEY]).toEqual([
      simulator.SIM_CMC_KEY,
      simulator.SIM_CRYPTOCOMPARE_KEY,
    ]);
    expect([config.RANKING_PROVIDER, config.PRICING_PROVIDER, config.CMC_DAILY_CREDITS]).toEqual([
      "cryptocompare",
      "coinmarketcap",
      0,
    ]);
    expect(simulator.SIMULATOR_HOST).toBe("0.0.0.0");
    // Every variable `npm run demo` sets for the stack (scripts/stack.ts simulatedEnv), but the store.
    const demo = /function simulatedEnv[\s\S]*?\n\}/.exec(read("scripts/stack.ts"))?.[0] ?? "";
    const demoVariables = [...demo.matchAll(/^\s{4}([A-Z_]+):/gm)].map((match) => match[1]);
    expect(demoVariables.length).toBeGreaterThan(8);
    for (const name of demoVariables.filter((name) => name !== "DATABASE_URL"))
      expect(Object.keys(offline)).toContain(name);
  });
});
