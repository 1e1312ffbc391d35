// GET /api/cron/refresh: the bearer check, the route being off without CRON_SECRET, and how the
// refresh's outcome maps to a status. The route module itself is called for the auth cases.
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bearerMatches, type CronRefreshDeps, handleCronRefresh, type RefreshOutcome } from "./cron-handler";

const SECRET = "s3cret-0123456789";
const silent = pino({ level: "silent" });
const stored = { result: "stored", provider: "cryptocompare", snapshotId: 7 };
const priced = { result: "unchanged", provider: "coinmarketcap", snapshotId: null };
const failed = (error: string) => ({ result: "error", provider: "coinmarketcap", snapshotId: null, error });

function call(authorization: string | null, deps: Partial<CronRefreshDeps> = {}) {
  const refresh = vi.fn(async (): Promise<RefreshOutcome> => ({ ranking: stored, pricing: priced }));
  const headers: Record<string, string> = authorization === null ? {} : { authorization };
  const request = new Request("http://localhost/api/cron/refresh", { headers });
  const response = handleCronRefresh(request, () => ({ secret: SECRET, logger: silent, refresh, ...deps }));
  return { response, refresh };
}

async function body(response: Promise<Response>) {
  const answer = await response;
  return { status: answer.status, body: await answer.json(), headers: answer.headers };
}

describe("bearerMatches", () => {
  it("accepts exactly `Bearer <secret>`, the scheme in any case", () => {
    expect(bearerMatches(`Bearer ${SECRET}`, SECRET)).toBe(true);
    expect(bearerMatches(`bearer ${SECRET}`, SECRET)).toBe(true);
    expect(bearerMatches(`Bearer  ${SECRET} `, SECRET)).toBe(true);
  });

  it("refuses a missing header, another scheme, a prefix or an extension of the secret", () => {
    for (const header of [
      null,
      "",
      "Bearer",
      "Bearer ",
      SECRET,
      `Basic ${SECRET}`,
      "Bearer s3cret",
      `Bearer ${SECRET}x`,
    ]) {
      expect(bearerMatches(header, SECRET)).toBe(false);
    }
  });
});

describe("handleCronRefresh", () => {
  it("answers 503 cron_disabled when CRON_SECRET is unset, whatever is sent", async () => {
    const { response, refresh } = call(`Bearer ${SECRET}`, { secret: undefined });
    expect(await body(response)).toMatchObject({
      status: 503,
      body: {
        error: { code: "cron_disabled", message: "CRON_SECRET is not set, so this server accepts no cron refreshes" },
      },
    });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("answers 401 with a Bearer challenge without the secret or with a wrong one, and refreshes nothing", async () => {
    for (const header of [null, "Bearer wrong"]) {
      const { response, refresh } = call(header);
      const answer = await body(response);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: { code: "unauthorized", message: "send the CRON_SECRET as `Authorization: Bearer <secret>`" },
      });
      expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="cron"');
      expect(refresh).not.toHaveBeenCalled();
    }
  });

  it("answers 200 with each role's result, also when one role failed", async () => {
    const ok = call(`Bearer ${SECRET}`);
    expect(await body(ok.response)).toMatchObject({ status: 200, body: { ranking: stored, pricing: priced } });
    expect(ok.refresh).toHaveBeenCalledTimes(1);
    const half = call(`Bearer ${SECRET}`, {
      refresh: async () => ({ ranking: stored, pricing: failed("quota: 1009") }),
    });
    const answer = await body(half.response);
    expect([answer.status, answer.headers.get("cache-control")]).toEqual([200, "no-store"]);
    expect(answer.body).toEqual({ ranking: stored, pricing: failed("quota: 1009") });
  });

  it("answers 502 refresh_failed naming both errors when both roles failed", async () => {
    const refresh = async () => ({ ranking: failed("unavailable: timeout"), pricing: failed("auth: 1002") });
    expect(await body(call(`Bearer ${SECRET}`, { refresh }).response)).toMatchObject({
      status: 502,
      body: {
        error: {
          code: "refresh_failed",
          message: "both refreshes failed (ranking: unavailable: timeout; pricing: auth: 1002)",
        },
      },
    });
  });

  it("maps a store that cannot be reached to 503 store_unavailable, and a bad configuration to 503", async () => {
    const refresh = async (): Promise<RefreshOutcome> => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    };
    const answer = await body(call(`Bearer ${SECRET}`, { refresh }).response);
    expect([answer.status, answer.body, answer.headers.get("retry-after")]).toEqual([
      503,
      {
        error: {
          code: "store_unavailable",
          message: "the store is not reachable: connect ECONNREFUSED 127.0.0.1:5432",
        },
      },
      "60",
    ]);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = await handleCronRefresh(new Request("http://localhost/api/cron/refresh"), () => {
      throw new Error("Invalid configuration:\n  - PORT: must be a whole number from 1 to 65535");
    });
    expect(broken.status).toBe(503);
    expect((await broken.json()).error.code).toBe("config_invalid");
    expect(quiet).toHaveBeenCalledWith("Invalid configuration:\n  - PORT: must be a whole number from 1 to 65535");
    quiet.mockRestore();
  });
});

describe("the route module app/api/cron/refresh/route.ts", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  // getConfig caches the environment per module instance: a fresh import sees the stubbed one.
  async function routeWith(secret: string) {
    vi.stubEnv("CRON_SECRET", secret);
    vi.stubEnv("LOG_LEVEL", "silent");
    vi.resetModules();
    return import("@/app/api/cron/refresh/route");
  }
  const get = (route: { GET(request: Request): Promise<Response> }, headers: Record<string, string> = {}) =>
    route.GET(new Request("http://localhost/api/cron/refresh", { headers }));

  it("is dynamic, runs on Node.js and answers GET (HEAD, OPTIONS) only", async () => {
    const route = await routeWith(SECRET);
    expect([route.dynamic, route.runtime, route.maxDuration]).toEqual(["force-dynamic", "nodejs", 60]);
    const post = route.POST();
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS"]);
    const options = route.OPTIONS();
    expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS"]);
  });

  it("answers 401 without the bearer or with a wrong one", async () => {
    const route = await routeWith(SECRET);
    const cases: Record<string, string>[] = [
      {},
      { authorization: "Bearer nope" },
      { authorization: `Basic ${SECRET}` },
    ];
    for (const headers of cases) {
      const response = await get(route, headers);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
  });

  it("answers 503 cron_disabled when CRON_SECRET is unset (an empty value counts as unset)", async () => {
    const route = await routeWith("");
    const response = await get(route, { authorization: "Bearer anything" });
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("cron_disabled");
  });
});
