// The web server's fast path against Next's route handlers: two web servers on one store, one with
// FAST_PATH=1 (the default) and one with FAST_PATH=0, must send the same status, headers and bytes
// for the hot reads, and for their edges (304, 400, 503, HEAD, deflate-only clients).
import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import {
  type Child,
  freePort,
  launchWeb,
  type RunningStack,
  startStack,
  stopChildren,
  waitFor,
} from "../../harness/stack";

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

// node:http, not fetch: fetch adds its own Accept-Encoding and decodes the body.
function raw(base: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) flat[name] = String(value);
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(answer: Raw): string {
  const coding = answer.headers["content-encoding"];
  if (coding === "gzip") return gunzipSync(answer.body).toString();
  if (coding === "br") return brotliDecompressSync(answer.body).toString();
  return answer.body.toString();
}

// Each process builds its view (and its health body) at its own moment: these fields tell when.
const PER_PROCESS_TIMES = new Set(["generatedAt", "ageSeconds", "checkedAt", "lastCheckAt"]);
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !PER_PROCESS_TIMES.has(key))
        .map(([key, inner]) => [key, withoutTimes(inner)]),
    );
  }
  return value;
}

// Framing, not the answer: Next streams route answers (chunked, and `Connection: close` for a
// HEAD), the fast path sends a Content-Length.
const FRAMING = ["date", "x-request-id", "content-length", "transfer-encoding", "connection", "keep-alive"];
// Next's app router names its own request headers in the Vary of every app route's answer; the
// fast path, which answers only the API, varies on what the API's answer depends on.
const ROUTER_VARY = new Set(["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch"]);
const ownVary = (vary: string) =>
  vary
    .split(",")
    .map((token) => token.trim())
    .filter((token) => !ROUTER_VARY.has(token.toLowerCase()))
    .join(", ");

/**
 * The same answer: status, headers but Date, the request id and framing, and the bytes; for bodies
 * holding per-process times (JSON meta, health), the decoded body without those fields. With
 * `brotli`, the fast path sends br where Next (which cannot send a route handler's own coding)
 * sends gzip: the same but for the coding and its ETag suffix.
 */
function expectSameAnswer(fast: Raw, routed: Raw, label: string, exactBytes: boolean, brotli = false): void {
  const headersOf = (answer: Raw) => {
    const rest = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !FRAMING.includes(name)));
    if (rest.vary) rest.vary = ownVary(rest.vary);
    if (brotli) {
      delete rest["content-encoding"];
      if (rest.etag) rest.etag = rest.etag.replace(/-(br|gzip)"$/, '"');
    }
    return rest;
  };
  expect(fast.status, label).toBe(routed.status);
  expect(headersOf(fast), label).toEqual(headersOf(routed));
  if (brotli) {
    expect(fast.headers["content-encoding"], label).toBe("br");
    expect(["gzip", undefined], label).toContain(routed.headers["content-encoding"]);
  }
  // A HEAD answer says the length of the body it does not send.
  if (fast.headers["content-length"] && fast.body.length > 0)
    expect(fast.headers["content-length"]).toBe(String(fast.body.length));
  if (exactBytes && !brotli) expect(fast.body.equals(routed.body), `${label}: bytes`).toBe(true);
  else if (exactBytes) expect(decoded(fast), label).toBe(decoded(routed));
  else expect(withoutTimes(JSON.parse(decoded(fast))), label).toEqual(withoutTimes(JSON.parse(decoded(routed))));
}

const CURL = { accept: "*/*" };
const CASES: Array<{
  label: string;
  path: string;
  headers?: Record<string, string>;
  method?: string;
  exact: boolean;
  brotli?: boolean;
}> = [
  { label: "JSON", path: "/api/top?limit=20", exact: false },
  { label: "JSON gzip", path: "/api/top?limit=20", headers: { "accept-encoding": "gzip, deflate" }, exact: false },
  {
    label: "JSON br",
    path: "/api/top",
    headers: { "accept-encoding": "gzip, deflate, br" },
    exact: false,
    brotli: true,
  },
  { label: "CSV", path: "/api/top?format=csv&limit=100", exact: true },
  { label: "CSV gzip", path: "/api/top?format=csv", headers: { "accept-encoding": "gzip" }, exact: true },
  {
    label: "CSV br",
    path: "/api/top?limit=150",
    headers: { accept: "text/csv", "accept-encoding": "br" },
    exact: true,
    brotli: true,
  },
  {
    label: "small CSV",
    path: "/api/top?limit=2&format=csv",
    headers: { "accept-encoding": "br" },
    exact: true,
    brotli: true,
  },
  { label: "deflate only", path: "/api/top?format=csv", headers: { "accept-encoding": "deflate" }, exact: true },
  { label: "curl /?limit=5", path: "/?limit=5", headers: CURL, exact: true },
  { label: "curl / gzip", path: "/", headers: { ...CURL, "accept-encoding": "gzip" }, exact: true },
  { label: "/ as JSON", path: "/?limit=3", headers: { accept: "application/json" }, exact: false },
  { label: "400 limit", path: "/api/top?limit=abc", headers: { "accept-encoding": "gzip" }, exact: true },
  { label: "400 format", path: "/api/top?format=xml", exact: true },
  {
    label: "filtered CSV with chosen columns",
    path: "/api/top?symbols=BTC,ETH&fields=rank,symbol,name,priceUsd,marketCapUsd&format=csv",
    exact: true,
  },
  { label: "sorted page as JSON", path: "/api/top?sort=marketCapUsd&offset=5&limit=10", exact: false },
  {
    label: "ids, fields, ascending, gzip",
    path: "/api/top?ids=bitcoin&symbols=ETH&sort=change24hPct&order=asc&fields=id,symbol,change24hPct",
    headers: { "accept-encoding": "gzip" },
    exact: false,
  },
  {
    label: "bounds",
    path: "/api/top?min_market_cap=1000000000&min_volume=1000&sort=volume24hUsd&limit=20",
    exact: false,
  },
  { label: "400 sort", path: "/api/top?sort=price", exact: true },
  { label: "400 bound", path: "/api/top?min_volume=-1", exact: true },
  { label: "400 fields", path: "/api/top?fields=rank,bogus", exact: true },
  { label: "curl / with a query", path: "/?symbols=BTC&fields=rank,name&sort=name", headers: CURL, exact: true },
  { label: "400 on /", path: "/?limit=0", headers: CURL, exact: true },
  {
    label: "HEAD JSON br",
    path: "/api/top?limit=50",
    headers: { "accept-encoding": "br" },
    method: "HEAD",
    exact: true,
  },
  { label: "HEAD CSV", path: "/?limit=5", headers: CURL, method: "HEAD", exact: true },
  { label: "health", path: "/api/health", exact: false },
  { label: "health gzip", path: "/api/health", headers: { "accept-encoding": "gzip" }, exact: false },
];

async function launchSecondWeb(env: NodeJS.ProcessEnv, fastPath: "0" | "1"): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = launchWeb(`web FAST_PATH=${fastPath}`, port, { ...env, PORT: String(port), FAST_PATH: fastPath });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    "the second web server",
    async () => ((await raw(url, "/api/version")).status ? true : undefined),
    60_000,
  );
  return { child, url };
}

describe("the fast path answers like the route handlers", () => {
  let database: TestDatabase;
  let stack: RunningStack;
  let routed: { child: Child; url: string };

  beforeAll(async () => {
    database = await createSqliteDatabase();
    // Long intervals: the store does not change while the two servers are compared.
    stack = await startStack({ databaseUrl: database.url, refreshSeconds: 600, extraEnv: { FAST_PATH: "1" } });
    routed = await launchSecondWeb(stack.env, "0");
    await waitFor(
      "data on the route handler path",
      async () => ((await raw(routed.url, "/api/top")).status === 200 ? true : undefined),
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await stopChildren(routed ? [routed.child] : []);
    await stack?.stop();
    await database?.drop();
  });

  it.each(CASES)("$label", async ({ label, path, headers, method, exact, brotli }) => {
    const [fast, slow] = await Promise.all([
      raw(stack.webUrl, path, headers, method),
      raw(routed.url, path, headers, method),
    ]);
    expectSameAnswer(fast, slow, label, exact, brotli);
  });

  it("answers 304 alike to a held ETag, whichever coding it came with", async () => {
    for (const encoding of ["identity", "gzip", "br"]) {
      const first = await raw(stack.webUrl, "/api/top?limit=10", { "accept-encoding": encoding });
      expect(first.status).toBe(200);
      const etag = first.headers.etag ?? "";
      expect(etag).toMatch(encoding === "identity" ? /^"[\w-]+"$/ : new RegExp(`^"[\\w-]+-${encoding}"$`));
      const held = { "if-none-match": etag, "accept-encoding": "gzip" };
      const [fast, slow] = await Promise.all([
        raw(stack.webUrl, "/api/top?limit=10", held),
        raw(routed.url, "/api/top?limit=10", held),
      ]);
      expect(fast.status).toBe(304);
      expect(fast.body.length).toBe(0);
      expectSameAnswer(fast, slow, `304 for ${encoding}`, true);
    }
  });

  it("sends the same JSON in every coding, and the security and CORS headers", async () => {
    const plain = await raw(stack.webUrl, "/api/top?limit=20");
    const gzip = await raw(stack.webUrl, "/api/top?limit=20", { "accept-encoding": "gzip" });
    const br = await raw(stack.webUrl, "/api/top?limit=20", { "accept-encoding": "br" });
    expect(decoded(gzip)).toBe(plain.body.toString());
    expect(decoded(br)).toBe(plain.body.toString());
    expect(JSON.parse(plain.body.toString()).data).toHaveLength(20);
    expect(plain.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "access-control-allow-origin": "*",
      "content-length": String(plain.body.length),
    });
    expect(br.headers.vary).toMatch(/Accept, Accept-Encoding$/);
  });

  it("serves the API from the fast path, and `/` (page or CSV) from Next", async () => {
    const page = await raw(stack.webUrl, "/?limit=5", { accept: "text/html" });
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toMatch(/nonce-/);
    await waitFor(
      "request lines",
      async () => {
        const lines = stack
          .logs()
          .split("\n")
          .filter((line) => line.includes('"event":"request"'))
          .map((line) => JSON.parse(line.slice(line.indexOf("{"))) as { path: string; fastPath?: boolean });
        const fastPaths = new Set(lines.filter((line) => line.fastPath).map((line) => line.path));
        const viaNext = new Set(lines.filter((line) => !line.fastPath).map((line) => line.path));
        const apiFast = ["/api/top", "/api/health"].every((path) => fastPaths.has(path));
        return apiFast && viaNext.has("/") && !fastPaths.has("/") ? true : undefined;
      },
      5_000,
    );
  });
});

describe("the fast path without data", () => {
  let database: TestDatabase;
  const webs: Array<{ child: Child; url: string }> = [];

  beforeAll(async () => {
    database = await createSqliteDatabase();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production" as const,
      LOG_LEVEL: "info",
      DATABASE_URL: database.url,
    };
    webs.push(await launchSecondWeb(env, "1"), await launchSecondWeb(env, "0"));
  }, 120_000);

  afterAll(async () => {
    await stopChildren(webs.map((web) => web.child));
    await database?.drop();
  });

  it.each([
    { label: "503 JSON", path: "/api/top", exact: true },
    { label: "503 curl", path: "/?limit=5", headers: CURL, exact: true },
    { label: "503 HEAD", path: "/api/top?format=csv", method: "HEAD", exact: true },
    { label: "400 before 503", path: "/api/top?limit=-1", exact: true },
    { label: "503 health", path: "/api/health", headers: { "accept-encoding": "gzip" }, exact: false },
  ])("$label", async ({ label, path, headers, method, exact }: (typeof CASES)[number]) => {
    const [fast, slow] = await Promise.all(webs.map((web) => raw(web.url, path, headers, method)));
    expect(fast?.status).toBe(label.startsWith("400") ? 400 : 503);
    expectSameAnswer(fast as Raw, slow as Raw, label, exact);
  });
});
