import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../../harness/databases";
import { MIGRATION_NAMES } from "../../../lib/store";
import type { RunningSimulator } from "../../../simulator/server";
import { type CliRun, runCli } from "../../support/cli-io";
import { seedStore } from "../../support/cli-seed";
import { cmcGet, control, startTestSimulator } from "../../support/simulator";

let sim: RunningSimulator;
let database: TestDatabase;
let env: Record<string, string | undefined>;
let storeLine: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  database = await createSqliteDatabase();
  await seedStore(database.url);
  // Both paid providers on the simulator, CoinGecko (keyless) as the fallback of both roles.
  env = {
    DATABASE_URL: database.url,
    CMC_API_KEY: sim.cmcKey,
    CMC_BASE_URL: sim.url,
    CRYPTOCOMPARE_API_KEY: sim.cryptocompareKey,
    CRYPTOCOMPARE_BASE_URL: sim.url,
    COINGECKO_BASE_URL: `${sim.url}/api/v3`,
    RANKING_FALLBACK: "coingecko",
    PRICING_FALLBACK: "coingecko",
  };
  storeLine = `ok    store      sqlite ${database.url}: reachable, migrated (${MIGRATION_NAMES.length} migrations); ranking: snapshot #1 from cryptocompare, checked 30 s ago; pricing: snapshot #1 from coinmarketcap, checked 3 min ago`;
});
afterAll(async () => {
  await sim.close();
  await database.drop();
});
beforeEach(async () => {
  await control(sim, "POST", "/_sim/reset");
});

// Latencies differ from run to run; everything else (a configured timeout too) is asserted as printed.
function withoutLatency(result: CliRun): CliRun {
  return { ...result, stdout: result.stdout.replace(/(?<!timed out after )\b\d+ ms\b/g, "N ms") };
}

const KEYLESS = "keyless, N ms; plan: keyless public API (a low limit shared per IP) [simulated]";

function expectNoKeys(result: CliRun): void {
  for (const key of [sim.cmcKey, sim.cryptocompareKey]) {
    expect(result.stdout).not.toContain(key);
    expect(result.stderr).not.toContain(key);
  }
}

describe("topcoins doctor", () => {
  it("passes when every key is accepted, reporting CoinMarketCap's plan and credits left: exit 0", async () => {
    // Spend 3 credits (500 listings), so the credits left are the simulator's count, not its limits.
    await cmcGet(sim, "limit=500");
    const result = await runCli(["doctor"], env);
    expect(withoutLatency(result)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "ok    ranking    cryptocompare: key accepted (CRYPTOCOMPARE_API_KEY), N ms [simulated]",
        `ok    ranking    coingecko (fallback 1): ${KEYLESS}`,
        "ok    pricing    coinmarketcap: key accepted (CMC_API_KEY), N ms; plan: 10,000 credits/month, 333 credits/day, 30 calls/minute; credits left: 9,997 this month, 330 today [simulated]",
        `ok    pricing    coingecko (fallback 1): ${KEYLESS}`,
        "ok    failover   ranking: ready (coingecko answered)",
        "ok    failover   pricing: ready (coingecko answered)",
        "ok    overrides  config/overrides.json: 1 override",
        storeLine,
        "",
        "All 8 checks passed.",
        "",
      ].join("\n"),
    });
    expectNoKeys(result);
    // One call per provider, CoinGecko's shared by both roles; key/info costs no credits.
    const { body } = await control<{ recent: { target: string; path: string; status: number }[] }>(
      sim,
      "GET",
      "/_sim/requests",
    );
    expect(body.recent.map((r) => [r.target, r.status]).sort()).toEqual([
      ["coingecko.markets", 200],
      ["coinmarketcap.key_info", 200],
      ["coinmarketcap.listings", 200],
      ["cryptocompare.toplist", 200],
    ]);
  });

  it("names the missing CMC_API_KEY, where to get one and the way around it: exit 1", async () => {
    const result = await runCli(["doctor"], { ...env, CMC_API_KEY: undefined, PRICING_PROVIDER: "coinmarketcap" });
    expect(result.code).toBe(1);
    const lines = withoutLatency(result).stdout.split("\n");
    expect(lines[2]).toBe(
      "FAIL  pricing    coinmarketcap: CMC_API_KEY is not set: pricing by CoinMarketCap needs a key — get one at https://pro.coinmarketcap.com/signup, or unset PRICING_PROVIDER to use CoinGecko's keyless API",
    );
    expect(lines.slice(-2)).toEqual([
      "1 of 8 checks failed: fix what the FAIL lines above name (variables go in the environment or in .env, see .env.example), then run `topcoins doctor` again.",
      "",
    ]);
    // Nothing is sent without a key.
    const { body } = await control<{ counts: Record<string, number> }>(sim, "GET", "/_sim/requests");
    expect(body.counts["coinmarketcap.key_info"]).toBeUndefined();
  });

  it("names a missing key of a fallback, and failover is then not ready", async () => {
    const result = await runCli(["doctor"], {
      ...env,
      CRYPTOCOMPARE_API_KEY: undefined,
      RANKING_PROVIDER: "coingecko",
      RANKING_FALLBACK: "cryptocompare",
    });
    expect(result.code).toBe(1);
    expect(withoutLatency(result).stdout.split("\n").slice(0, 6)).toEqual([
      `ok    ranking    coingecko: ${KEYLESS}`,
      "FAIL  ranking    cryptocompare (fallback 1): CRYPTOCOMPARE_API_KEY is not set: the ranking fallback CryptoCompare needs a key — get one at https://www.cryptocompare.com/cryptopian/api-keys, or remove cryptocompare from RANKING_FALLBACK",
      "ok    pricing    coinmarketcap: key accepted (CMC_API_KEY), N ms; plan: 10,000 credits/month, 333 credits/day, 30 calls/minute; credits left: 10,000 this month, 333 today [simulated]",
      `ok    pricing    coingecko (fallback 1): ${KEYLESS}`,
      "FAIL  failover   ranking: not ready: cryptocompare has no key (CRYPTOCOMPARE_API_KEY)",
      "ok    failover   pricing: ready (coingecko answered)",
    ]);
  });

  it("names the error kind of a provider fault, and the fallback's failure makes failover not ready", async () => {
    await control(sim, "POST", "/_sim/fault", { target: "coingecko", mode: "rate_limit" });
    await control(sim, "POST", "/_sim/fault", { target: "coinmarketcap", mode: "error_code", errorCode: 1010 });
    const result = await runCli(["doctor"], env);
    expect(result.code).toBe(1);
    const rateLimited =
      "failed (rate_limited) after N ms — coingecko coins/markets: error 429: You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.";
    expect(withoutLatency(result).stdout.split("\n").slice(0, 6)).toEqual([
      "ok    ranking    cryptocompare: key accepted (CRYPTOCOMPARE_API_KEY), N ms [simulated]",
      `FAIL  ranking    coingecko (fallback 1): ${rateLimited}`,
      "FAIL  pricing    coinmarketcap: failed (quota) after N ms — coinmarketcap key/info: error 1010: You've exceeded your API Key's monthly rate limit.",
      `FAIL  pricing    coingecko (fallback 1): ${rateLimited}`,
      "FAIL  failover   ranking: not ready: coingecko failed (rate_limited)",
      "FAIL  failover   pricing: not ready: coingecko failed (rate_limited)",
    ]);
  });

  it("says a key was refused without printing it, and --json carries the same checks", async () => {
    const wrongKey = "wrong-cmc-key-0123456789";
    const result = await runCli(["doctor", "--json"], { ...env, CMC_API_KEY: wrongKey });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(wrongKey);
    expectNoKeys(result);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, checks: 8, failed: 1, warnings: 0 });
    const pricing = report.results.find((check: { role?: string; position?: string }) => check.role === "pricing");
    expect(pricing).toEqual({
      check: "provider",
      label: "pricing",
      status: "fail",
      message: `coinmarketcap: the key in CMC_API_KEY was refused (auth) after ${pricing.latencyMs} ms (coinmarketcap key/info: error 1001: This API Key is invalid.); check its value, or get a key at https://pro.coinmarketcap.com/signup`,
      role: "pricing",
      position: "primary",
      provider: "coinmarketcap",
      keyVariable: "CMC_API_KEY",
      key: "refused",
      latencyMs: pricing.latencyMs,
      errorKind: "auth",
      error: {
        kind: "auth",
        message: "coinmarketcap key/info: error 1001: This API Key is invalid.",
        status: 401,
        providerCode: 1001,
      },
      plan: null,
      creditsLeft: null,
      simulated: false,
    });
    expect(report.results.map((check: { check: string; status: string }) => [check.check, check.status])).toEqual([
      ["provider", "ok"],
      ["provider", "ok"],
      ["provider", "fail"],
      ["provider", "ok"],
      ["failover", "ok"],
      ["failover", "ok"],
      ["overrides", "ok"],
      ["store", "ok"],
    ]);
  });

  it("reports the latency of a slow provider and a timeout as unavailable", async () => {
    await control(sim, "POST", "/_sim/fault", { target: "cryptocompare", mode: "delay", delayMs: 300, times: 1 });
    const slow = JSON.parse((await runCli(["doctor", "--json"], env)).stdout);
    expect(slow.results[0]).toMatchObject({ provider: "cryptocompare", status: "ok" });
    expect(slow.results[0].latencyMs).toBeGreaterThanOrEqual(300);

    await control(sim, "POST", "/_sim/fault", { target: "cryptocompare", mode: "hang", times: 1 });
    const hung = await runCli(["doctor"], { ...env, HTTP_TIMEOUT_MS: "200" });
    expect(hung.code).toBe(1);
    expect(withoutLatency(hung).stdout.split("\n")[0]).toBe(
      "FAIL  ranking    cryptocompare: failed (unavailable) after N ms — cryptocompare top/totalvolfull: timed out after 200 ms",
    );
  });

  it("explains the keyless defaults of a configuration without keys, and passes: exit 0", async () => {
    const result = await runCli(["doctor"], { DATABASE_URL: database.url, COINGECKO_BASE_URL: `${sim.url}/api/v3` });
    expect(withoutLatency(result)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        `ok    ranking    coingecko (keyless default: CRYPTOCOMPARE_API_KEY is not set; set it to rank by CryptoCompare): ${KEYLESS}`,
        `ok    pricing    coingecko (keyless default: CMC_API_KEY is not set; set it to price by CoinMarketCap): ${KEYLESS}`,
        "info  failover   ranking: no fallback configured; RANKING_FALLBACK names providers to fail over to, e.g. RANKING_FALLBACK=cryptocompare (with CRYPTOCOMPARE_API_KEY set)",
        "info  failover   pricing: no fallback configured; PRICING_FALLBACK names providers to fail over to, e.g. PRICING_FALLBACK=coinmarketcap (with CMC_API_KEY set)",
        "ok    overrides  config/overrides.json: 1 override",
        storeLine,
        "",
        "All 4 checks passed.",
        "",
      ].join("\n"),
    });
  });

  it("names COINGECKO_API_KEY for the Pro plan", async () => {
    const result = await runCli(["doctor"], { ...env, COINGECKO_PLAN: "pro" });
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[1]).toBe(
      "FAIL  ranking    coingecko (fallback 1): COINGECKO_API_KEY is not set: COINGECKO_PLAN=pro needs a Pro key — get one at https://www.coingecko.com/en/api/pricing, or unset COINGECKO_PLAN to use CoinGecko's keyless API",
    );
  });
});

describe("topcoins doctor: the store and the overrides file", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const each of databases) await each.drop();
  });
  const lastLines = (result: CliRun) => result.stdout.split("\n").slice(-5);

  it("warns about a store not created yet, without creating it: exit 0 when all else passes", async () => {
    const fresh = await createSqliteDatabase();
    databases.push(fresh);
    const file = fresh.url.slice("file:".length);
    const result = await runCli(["doctor"], { ...env, DATABASE_URL: fresh.url });
    expect(result.code).toBe(0);
    expect(lastLines(result)).toEqual([
      "ok    overrides  config/overrides.json: 1 override",
      `warn  store      there is no store at ${file} yet: start the stack once (\`npm start\`, or \`npm run demo\` offline) or run \`npm run db:migrate\``,
      "",
      "All 8 checks passed, 1 with a warning.",
      "",
    ]);
    expect((await runCli(["doctor"], { ...env, DATABASE_URL: fresh.url })).stdout).toContain("there is no store at");
  });

  it("warns about a store without snapshots, naming what writes them", async () => {
    const empty = await createSqliteDatabase();
    databases.push(empty);
    await seedStore(empty.url, { ranking: false, pricing: false });
    const result = await runCli(["doctor"], { ...env, DATABASE_URL: empty.url });
    expect(result.code).toBe(0);
    expect(lastLines(result)[1]).toBe(
      `warn  store      sqlite ${empty.url}: reachable, migrated (${MIGRATION_NAMES.length} migrations); ranking: no snapshot yet; pricing: no snapshot yet — the services write them: start the stack (\`npm start\`, or \`npm run demo\` offline)`,
    );
  });

  it("fails on an unreachable PostgreSQL server and on an invalid overrides file: exit 1", async () => {
    const result = await runCli(["doctor"], {
      ...env,
      DATABASE_URL: "postgres://topcoins:secret@127.0.0.1:1/none",
      OVERRIDES_FILE: "package.json",
    });
    expect(result.code).toBe(1);
    expect(lastLines(result)).toEqual([
      "FAIL  overrides  cannot use package.json: invalid overrides file at overrides: Invalid input: expected array, received undefined; fix the file or point OVERRIDES_FILE at a valid one",
      "FAIL  store      cannot reach the store postgres://topcoins:***@127.0.0.1:1/none: store postgres://topcoins:***@127.0.0.1:1/none: cannot connect (connect ECONNREFUSED 127.0.0.1:1)",
      "",
      "2 of 8 checks failed: fix what the FAIL lines above name (variables go in the environment or in .env, see .env.example), then run `topcoins doctor` again.",
      "",
    ]);
    expect(result.stdout).not.toContain("secret");
  });
});
