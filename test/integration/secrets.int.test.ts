// Secrets stay on the server and out of the logs. The stack runs with distinctive provider keys and
// cron secret (the simulator requires exactly those keys), at the most verbose log level, through
// upstream failures and a failover. Then: no file of the browser build (.next/static), no page's
// server HTML and no API body (errors, health and metrics included) holds a key or the name of a
// key variable, and no line any process printed holds a key. Every line is kept here, from the
// first: RunningStack.logs() keeps only each process's last few kilobytes, where a configuration
// dump at start-up would no longer be.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type Child, freePort, launch, launchWeb, stopChildren, TS, waitFor } from "../../harness/stack";

const ROOT = path.resolve(import.meta.dirname, "../..");
const KEY_NAMES = ["CMC_API_KEY", "CRYPTOCOMPARE_API_KEY", "COINGECKO_API_KEY", "CRON_SECRET"] as const;
const distinctive = (label: string) => `tcsecret-${label}-${randomBytes(12).toString("hex")}`;
const SECRETS: Record<(typeof KEY_NAMES)[number], string> = {
  CMC_API_KEY: distinctive("cmc"),
  CRYPTOCOMPARE_API_KEY: distinctive("cc"),
  COINGECKO_API_KEY: distinctive("cg"),
  CRON_SECRET: distinctive("cron"),
};

/**
 * Each secret value and key variable name found in a text. `names: false` looks for values only;
 * `allowed` names may appear (the cron route tells its caller which setting it checks).
 */
function leaks(text: string, { names = true, allowed = [] as string[] } = {}): string[] {
  const found: string[] = [];
  for (const name of KEY_NAMES) {
    if (text.includes(SECRETS[name])) found.push(`the value of ${name}`);
    // The random part alone too: a key cut or re-encoded still leaks.
    if (text.includes(SECRETS[name].slice(-24))) found.push(`part of the value of ${name}`);
    if (names && !allowed.includes(name) && text.includes(name)) found.push(`the name ${name}`);
  }
  return [...new Set(found)];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("what ships and what is committed", () => {
  it("no file of the browser build holds a key variable's name", () => {
    const files = filesUnder(path.join(ROOT, ".next/static"));
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((file) => leaks(readFileSync(file, "latin1")).map((leak) => `${file}: ${leak}`));
    expect(found).toEqual([]);
  });

  it(".gitignore keeps .env out of git, and .env.example carries no key", () => {
    const ignored = readFileSync(path.join(ROOT, ".gitignore"), "utf8")
      .split("\n")
      .map((line) => line.trim());
    expect(ignored).toContain(".env");
    const example = readFileSync(path.join(ROOT, ".env.example"), "utf8").split("\n");
    for (const name of KEY_NAMES) {
      const lines = example.filter((line) => new RegExp(`^#?\\s*${name}=`).test(line));
      expect(lines.length, `${name} is documented in .env.example`).toBeGreaterThan(0);
      for (const line of lines) expect(line.split("=")[1]?.trim(), line).toBe("");
    }
  });
});

describe("a running stack with distinctive keys", () => {
  let database: TestDatabase;
  const children: Child[] = [];
  // Every byte each process wrote, from its first line.
  const output = new Map<string, string[]>();
  let simUrl = "";
  let webUrl = "";
  const metricsPorts: number[] = [];
  const capture = (child: Child) => {
    const chunks: string[] = [];
    output.set(child.name, chunks);
    child.process.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    child.process.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    children.push(child);
  };
  const logs = () => children.map((child) => `--- ${child.name}\n${child.output.join("").slice(-3000)}`).join("\n");
  const fault = async (spec: Record<string, unknown>) => {
    const response = await fetch(`${simUrl}/_sim/fault`, { method: "POST", body: JSON.stringify(spec) });
    expect(response.ok, JSON.stringify(spec)).toBe(true);
  };

  beforeAll(async () => {
    database = await createSqliteDatabase();
    const simPort = await freePort();
    const webPort = await freePort();
    simUrl = `http://127.0.0.1:${simPort}`;
    webUrl = `http://127.0.0.1:${webPort}`;
    // The most verbose level: whatever any process could ever print, it prints here.
    const base = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production" as const,
      LOG_LEVEL: "trace",
    };
    capture(
      launch("simulator", process.execPath, [...TS, "bin/simulator.ts"], {
        ...base,
        SIMULATOR_PORT: String(simPort),
        SIM_TICK_SECONDS: "1",
        SIM_CMC_KEY: SECRETS.CMC_API_KEY,
        SIM_CRYPTOCOMPARE_KEY: SECRETS.CRYPTOCOMPARE_API_KEY,
        SIM_COINGECKO_KEY: SECRETS.COINGECKO_API_KEY,
      }),
    );
    await waitFor("the simulator", async () => ((await fetch(`${simUrl}/_sim/health`)).ok ? true : undefined), 30_000);
    const env = {
      ...base,
      ...SECRETS,
      DATABASE_URL: database.url,
      CMC_BASE_URL: simUrl,
      CRYPTOCOMPARE_BASE_URL: simUrl,
      COINGECKO_BASE_URL: `${simUrl}/api/v3`,
      PRICING_FALLBACK: "coingecko",
      RANKING_FALLBACK: "coingecko",
      FAILOVER_AFTER_FAILURES: "1",
      FAILOVER_PROBE_SECONDS: "1",
      COINGECKO_CALLS_PER_MINUTE: "0",
      CMC_DAILY_CREDITS: "0",
      PRICING_REFRESH_SECONDS: "1",
      RANKING_REFRESH_SECONDS: "1",
      HTTP_RETRIES: "1",
      HTTP_TIMEOUT_MS: "2000",
      PORT: String(webPort),
    };
    metricsPorts.push(await freePort(), await freePort());
    for (const [i, role] of (["ranking", "pricing"] as const).entries()) {
      const metrics = { METRICS_PORT: String(metricsPorts[i]) };
      capture(launch(role, process.execPath, [...TS, `bin/${role}.ts`], { ...env, ...metrics }));
    }
    capture(launchWeb("web", webPort, env));
    try {
      await waitFor("data", async () => ((await fetch(`${webUrl}/api/top`)).ok ? true : undefined), 60_000);
    } catch (error) {
      throw new Error(`${String(error)}\n${logs()}`);
    }
  }, 120_000);

  afterAll(async () => {
    await stopChildren(children);
    await database?.drop();
  });

  it("no page and no API answer holds a key or a key's name, errors and health included", async () => {
    const top = (await (await fetch(`${webUrl}/api/top?limit=5`)).json()) as { data: { rankingId: string }[] };
    const coin = top.data[0]?.rankingId ?? "1182";
    const targets: Array<{ path: string; init?: RequestInit; status: number }> = [
      { path: "/", init: { headers: { accept: "text/html" } }, status: 200 },
      { path: "/market", status: 200 },
      { path: `/coins/${coin}`, status: 200 },
      { path: "/coins/no-such-coin", status: 404 },
      { path: "/?limit=5", init: { headers: { accept: "*/*" } }, status: 200 },
      { path: "/api/top?limit=200", status: 200 },
      { path: "/api/top?limit=abc", status: 400 },
      { path: "/api/top?format=xml", status: 400 },
      { path: `/api/coins/${coin}/history?range=30d`, status: 200 },
      { path: "/api/coins/no-such-coin/history", status: 404 },
      { path: "/api/sparklines?limit=10", status: 200 },
      { path: "/api/health", status: 200 },
      { path: "/api/metrics", status: 200 },
      { path: "/api/version", status: 200 },
      { path: "/api/no-such-route", status: 404 },
      { path: "/api/top", init: { method: "POST" }, status: 405 },
      // The cron route: without its secret, with a wrong one, and with the right one.
      { path: "/api/cron/refresh", status: 401 },
      { path: "/api/cron/refresh", init: { headers: { authorization: "Bearer not-the-secret-at-all" } }, status: 401 },
      {
        path: "/api/cron/refresh",
        init: { headers: { authorization: `Bearer ${SECRETS.CRON_SECRET}` } },
        status: 200,
      },
    ];
    // The services' own /metrics too.
    const urls: Array<(typeof targets)[number] & { url: string }> = [
      ...targets.map((target) => ({ ...target, url: `${webUrl}${target.path}` })),
      ...metricsPorts.map((port) => ({
        path: `:${port}/metrics`,
        url: `http://127.0.0.1:${port}/metrics`,
        status: 200,
      })),
    ];
    const found: string[] = [];
    for (const { path: target, url, init, status } of urls) {
      const response = await fetch(url, init);
      const text = await response.text();
      expect(response.status, `${target}: ${text.slice(0, 300)}`).toBe(status);
      const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
      // Its 401 says "send the CRON_SECRET as a bearer": the name of the setting, never its value.
      const allowed = target === "/api/cron/refresh" ? ["CRON_SECRET"] : [];
      found.push(...leaks(`${headers}\n${text}`, { allowed }).map((leak) => `${target}: ${leak}`));
    }
    expect(found).toEqual([]);
  });

  it("no log line holds a key, through upstream failures and a failover too", async () => {
    // Refused keys, server errors, rate limits, HTML and broken bodies: every error path logs.
    await fault({ target: "coinmarketcap", mode: "error_code", errorCode: 1001, times: 2 });
    await fault({ target: "cryptocompare", mode: "rate_limit", retryAfter: 1, times: 2 });
    await fault({ target: "coingecko", mode: "status", status: 500, times: 1 });
    await fault({ target: "coinmarketcap", mode: "html", times: 1 });
    await fault({ target: "cryptocompare", mode: "malformed", times: 1 });
    await fault({ target: "coinmarketcap", mode: "status", status: 503, times: 2 });
    // Until the simulator has seen every fault played out (each `times` counts down to nothing).
    await waitFor(
      "the faults to play out",
      async () => {
        const { faults } = (await (await fetch(`${simUrl}/_sim/faults`)).json()) as { faults: unknown[] };
        return faults.length === 0 ? true : undefined;
      },
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${logs()}`);
    });
    // And a few healthy cycles after, on the primaries again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await stopChildren(children);

    // The scan finds a key where one is: the simulator (no part of the product) prints its keys.
    expect(leaks((output.get("simulator") ?? []).join(""), { names: false })).toContain("the value of CMC_API_KEY");
    const product = ["ranking", "pricing", "web"].map((name) => ({ name, text: (output.get(name) ?? []).join("") }));
    for (const { name, text } of product) {
      expect(text.split("\n").length, `${name} printed lines`).toBeGreaterThan(20);
      // Names may appear (a redacted configuration says which keys are set); values never.
      expect(leaks(text, { names: false }), name).toEqual([]);
    }
    const all = product.map(({ text }) => text).join("\n");
    // The error paths did run: a refused key, a failover to CoinGecko, and other failures (which
    // request meets which fault depends on timing: a history backfill may take the rate limit).
    expect(all).toContain('"kind":"auth"');
    expect(all).toContain('"event":"failover"');
    expect(all).toMatch(/"kind":"(rate_limited|bad_response|unavailable)"/);
    expect(all).toContain('"provider":"coingecko"');
  });
});
