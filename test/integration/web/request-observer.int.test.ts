// The web server's request wrapper over a real node:http server: the request id, the log line,
// the HTTP metrics and the server span, around a stand-in for Next's handler.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";
import { getRegistry, renderMetrics } from "@/lib/metrics/registry";
import { RateLimiter } from "@/lib/web/token-bucket";
import { parseExposition, sampleValue } from "@/test/support/exposition";
import { type LocalServer, startLocalServer } from "@/test/support/http-server";
import { type InMemoryTracing, parentIdOf, startInMemoryTracing } from "@/test/support/tracing";
import { observeRequests, requestIdOf, routeMatcher } from "../../../lib/web/request-observer";

// The shape of .next/routes-manifest.json, trimmed to what the matcher reads.
const routeOf = routeMatcher({
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/api/top", regex: "^/api/top(?:/)?$" },
  ],
  dynamicRoutes: [
    { page: "/api/coins/[id]/history", regex: "^/api/coins/([^/]+?)/history(?:/)?$" },
    { page: "/coins/[id]", regex: "^/coins/([^/]+?)(?:/)?$" },
  ],
});

const lines: Array<Record<string, unknown>> = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split("\n")) if (line) lines.push(JSON.parse(line));
    done();
  },
});
const logger = createLogger("web", "debug", { pretty: false, destination });

let server: LocalServer;
let base: string;
let tracing: InMemoryTracing;

beforeAll(async () => {
  tracing = startInMemoryTracing("web");
  const handler = observeRequests(
    async (req, res) => {
      // Like Next: the handler's own work runs inside the request span.
      const inner = trace.getTracer("test").startSpan("handler work");
      inner.end();
      if (req.url?.startsWith("/boom")) throw new Error("handler bug");
      if (req.url?.startsWith("/slow")) return; // never answers: the client gives up
      const status = req.url?.startsWith("/api/top") ? 200 : 404;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(`seen id ${req.headers["x-request-id"]}`);
    },
    { logger, routeOf },
  );
  server = await startLocalServer((req, res) => void handler(req, res));
  base = server.url;
});
afterAll(async () => {
  await server.close();
  await tracing.stop();
});
beforeEach(() => {
  lines.length = 0;
  tracing.reset();
  getRegistry().resetMetrics();
});

/** The log lines of finished requests, once the response's end has been observed. */
async function requestLines(count: number) {
  for (let i = 0; i < 100 && lines.filter((line) => line.event === "request").length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines.filter((line) => line.event === "request");
}

/** A fast path that answers /api/top with "fast" and leaves everything else to Next. */
const FAST_TOP = {
  serve(req: IncomingMessage, res: ServerResponse, requestId: string): boolean {
    if (!req.url?.startsWith("/api/top")) return false;
    res.writeHead(200, ["content-type", "text/plain", "x-request-id", requestId]);
    res.end("fast");
    return true;
  },
};

describe("a request through the web server", () => {
  it("echoes the caller's request id, hands it to the handler, and logs one line", async () => {
    const response = await fetch(`${base}/api/top?limit=5`, { headers: { "x-request-id": "req-42.abc" } });
    expect(response.headers.get("x-request-id")).toBe("req-42.abc");
    expect(await response.text()).toBe("seen id req-42.abc");
    const [line, ...rest] = await requestLines(1);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      service: "web",
      event: "request",
      requestId: "req-42.abc",
      method: "GET",
      route: "/api/top",
      path: "/api/top",
      status: 200,
      msg: "GET /api/top 200",
    });
    expect(typeof line?.durationMs).toBe("number");
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
    expect(line?.durationMs).toBeLessThan(5_000);
  });

  it("makes a new id when the caller sends none or an unsafe one", async () => {
    const none = await fetch(`${base}/api/top`);
    const unsafe = await fetch(`${base}/api/top`, { headers: { "x-request-id": "bad id\twith space" } });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(none.headers.get("x-request-id")).toMatch(uuid);
    expect(unsafe.headers.get("x-request-id")).toMatch(uuid);
    expect(none.headers.get("x-request-id")).not.toBe(unsafe.headers.get("x-request-id"));
    expect(requestIdOf("x".repeat(129))).toMatch(uuid);
    expect(requestIdOf(["first", "second"])).toBe("first");
  });

  it("labels metrics by route pattern, never by raw path", async () => {
    await fetch(`${base}/coins/1182`);
    await fetch(`${base}/coins/7605`);
    await fetch(`${base}/api/coins/1182/history?range=7d`);
    await fetch(`${base}/_next/static/chunks/app.js`);
    await fetch(`${base}/wp-login.php`);
    const logged = await requestLines(5);
    expect(logged.map((line) => [line.route, line.level])).toEqual([
      ["/coins/[id]", 30],
      ["/coins/[id]", 30],
      ["/api/coins/[id]/history", 30],
      // Static assets log at debug only.
      ["/_next/static", 20],
      ["unmatched", 30],
    ]);
    const metrics = parseExposition((await renderMetrics()).body);
    const count = (route: string) =>
      sampleValue(metrics, "topcoins_http_requests_total", { method: "GET", route, status: "404" });
    expect(count("/coins/[id]")).toBe(2);
    expect(count("/api/coins/[id]/history")).toBe(1);
    expect(count("/_next/static")).toBe(1);
    expect(count("unmatched")).toBe(1);
    expect(
      sampleValue(metrics, "topcoins_http_request_duration_seconds_count", {
        method: "GET",
        route: "/coins/[id]",
        status: "404",
      }),
    ).toBe(2);
  });

  it("answers a handler's failure with a bare 500, and logs it", async () => {
    const response = await fetch(`${base}/boom`);
    expect([response.status, await response.text()]).toEqual([500, "Internal Server Error"]);
    const logged = await requestLines(2);
    expect(logged.map((line) => [line.msg, line.status])).toEqual([
      ["GET /boom failed", undefined],
      ["GET /boom 500", 500],
    ]);
    expect(lines.some((line) => JSON.stringify(line).includes("handler bug"))).toBe(true);
  });

  it("records a request the client abandoned as 499", async () => {
    await fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) }).catch(() => undefined);
    const [line] = await requestLines(1);
    expect(line).toMatchObject({ route: "unmatched", status: 499 });
  });

  it("traces the request as a server span that continues the caller's trace and parents the handler's work", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    await fetch(`${base}/api/top`, {
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01`, "x-request-id": "trace-me" },
    });
    await requestLines(1);
    const span = tracing.span("GET /api/top");
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(traceId);
    expect(parentIdOf(span)).toBe("b7ad6b7169203331");
    expect(span.attributes).toEqual({
      "http.request.method": "GET",
      "http.route": "/api/top",
      "url.path": "/api/top",
      "topcoins.request_id": "trace-me",
      "http.response.status_code": 200,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(parentIdOf(tracing.span("handler work"))).toBe(span.spanContext().spanId);
  });
});

describe("a request the fast path answers", () => {
  let fastServer: LocalServer;
  let fastBase: string;

  beforeAll(async () => {
    const handler = observeRequests(
      (_req, res) => {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("from next");
      },
      {
        logger,
        routeOf,
        traced: false,
        fastPath: FAST_TOP,
      },
    );
    fastServer = await startLocalServer((req, res) => void handler(req, res));
    fastBase = fastServer.url;
  });
  afterAll(async () => {
    await fastServer.close();
  });

  it("logs and counts it as answered (not abandoned), marked fastPath, with no span when tracing is off", async () => {
    const first = await fetch(`${fastBase}/api/top?limit=2`, { headers: { "x-request-id": "fast-1" } });
    const second = await fetch(`${fastBase}/api/top?limit=2`, { headers: { "x-request-id": "fast-2" } });
    const other = await fetch(`${fastBase}/coins/1182`, { headers: { "x-request-id": "slow-3" } });
    expect([first.status, await first.text(), first.headers.get("x-request-id")]).toEqual([200, "fast", "fast-1"]);
    expect([second.status, await second.text(), second.headers.get("x-request-id")]).toEqual([200, "fast", "fast-2"]);
    expect([other.status, await other.text(), other.headers.get("x-request-id")]).toEqual([404, "from next", "slow-3"]);
    const logged = await requestLines(3);
    expect(logged.map((line) => [line.requestId, line.route, line.status, line.fastPath])).toEqual([
      ["fast-1", "/api/top", 200, true],
      ["fast-2", "/api/top", 200, true],
      ["slow-3", "/coins/[id]", 404, undefined],
    ]);
    expect(logged[1]).toMatchObject({ method: "GET", path: "/api/top", msg: "GET /api/top 200" });
    const metrics = parseExposition((await renderMetrics()).body);
    expect(
      sampleValue(metrics, "topcoins_http_requests_total", { method: "GET", route: "/api/top", status: "200" }),
    ).toBe(2);
    expect(tracing.spans()).toEqual([]);
  });

  it("writes a path that needs escaping as valid JSON", async () => {
    // node:http sends the path as given; fetch would escape the quote.
    await new Promise((resolve, reject) => {
      const { port } = new URL(fastBase);
      httpRequest({ host: "127.0.0.1", port, path: '/coins/a"b\\c' }, (res) => res.resume().on("end", resolve))
        .on("error", reject)
        .end();
    });
    const [line] = await requestLines(1);
    expect(line).toMatchObject({
      path: '/coins/a"b\\c',
      route: "/coins/[id]",
      status: 404,
      msg: 'GET /coins/a"b\\c 404',
    });
  });
});

describe("a rate limit that decides after a round trip (shared through Redis)", () => {
  let limitedServer: LocalServer;
  let limitedBase: string;
  const decide = new RateLimiter({ perMinute: 6, burst: 2 });

  beforeAll(async () => {
    const handler = observeRequests(
      (req, res) => {
        const inner = trace.getTracer("test").startSpan("handler work");
        inner.end();
        res.writeHead(req.url?.startsWith("/api/") ? 404 : 200, { "content-type": "text/plain" });
        res.end("from next");
      },
      {
        logger,
        routeOf,
        rateLimit: {
          // A decision that comes back later, as Redis's does.
          limiter: { take: (client) => new Promise((resolve) => setTimeout(() => resolve(decide.take(client)), 5)) },
          policy: '"default";q=2;w=20',
          trustProxy: false,
          scope: "shared",
        },
        fastPath: FAST_TOP,
      },
    );
    limitedServer = await startLocalServer((req, res) => void handler(req, res));
    limitedBase = limitedServer.url;
  });
  afterAll(async () => {
    await limitedServer.close();
  });

  it("then hands the request to the fast path or Next, or refuses it, and observes each once", async () => {
    const get = async (path: string, id: string) => {
      const response = await fetch(`${limitedBase}${path}`, { headers: { "x-request-id": id } });
      return [response.status, await response.text(), response.headers.get("ratelimit")];
    };
    expect(await get("/api/top", "l-1")).toEqual([200, "fast", '"default";r=1;t=10']);
    expect(await get("/api/coins/1/history", "l-2")).toEqual([404, "from next", '"default";r=0;t=10']);
    expect((await get("/api/top", "l-3")).slice(0, 1)).toEqual([429]);
    // Not limited: no wait, no field.
    expect(await get("/coins/1182", "l-4")).toEqual([200, "from next", null]);
    const logged = await requestLines(4);
    expect(logged.map((line) => [line.requestId, line.route, line.status, line.fastPath]).sort()).toEqual([
      ["l-1", "/api/top", 200, true],
      ["l-2", "/api/coins/[id]/history", 404, undefined],
      ["l-3", "/api/top", 429, undefined],
      ["l-4", "/coins/[id]", 200, undefined],
    ]);
    // Next's work runs inside the request's span, after the wait as at once.
    const span = tracing.span("GET /api/coins/[id]/history");
    expect(span.attributes["http.response.status_code"]).toBe(404);
    const parents = tracing
      .spans()
      .filter((one) => one.name === "handler work")
      .map(parentIdOf);
    expect(parents).toContain(span.spanContext().spanId);
    const topStatuses = tracing
      .spans()
      .filter((one) => one.name === "GET /api/top")
      .map((one) => one.attributes["http.response.status_code"]);
    expect(topStatuses.sort()).toEqual([200, 429]);
  });
});
