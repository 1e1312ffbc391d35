import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeReset } from "../../../simulator/routes/coinmarketcap-key-info";
import type { RunningSimulator } from "../../../simulator/server";
import { cmcGet, control, getJson, startTestSimulator } from "../../support/simulator";

const KEY_INFO_PATH = "/v1/key/info";

interface KeyInfoBody {
  status: Record<string, unknown>;
  data: {
    plan: Record<string, unknown>;
    usage: Record<string, Record<string, number>>;
  };
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control(sim, "POST", "/_sim/reset");
});

function keyInfo(key: string | null = sim.cmcKey) {
  const headers: Record<string, string> = key === null ? {} : { "X-CMC_PRO_API_KEY": key };
  return getJson<KeyInfoBody>(`${sim.url}${KEY_INFO_PATH}`, { headers });
}

describe("GET /v1/key/info", () => {
  it("reports the plan's limits and resets in CoinMarketCap's shape, at no credit cost", async () => {
    // FIXED_NOW is 2026-01-02T12:34:56.789Z.
    const { status, headers, body } = await keyInfo();
    expect(status).toBe(200);
    expect(headers.get("x-simulated-data")).toBe("true");
    expect(body).toEqual({
      status: {
        timestamp: "2026-01-02T12:34:56.789Z",
        error_code: 0,
        error_message: null,
        elapsed: 3,
        credit_count: 0,
        notice: null,
      },
      data: {
        plan: {
          credit_limit_daily: 333,
          credit_limit_daily_reset: "In 11 hours, 25 minutes",
          credit_limit_daily_reset_timestamp: "2026-01-03T00:00:00.000Z",
          credit_limit_monthly: 10_000,
          credit_limit_monthly_reset: "In 29 days, 11 hours, 25 minutes",
          credit_limit_monthly_reset_timestamp: "2026-02-01T00:00:00.000Z",
          rate_limit_minute: 30,
        },
        usage: {
          current_minute: { requests_made: 0, requests_left: 30 },
          current_day: { credits_used: 0, credits_left: 333 },
          current_month: { credits_used: 0, credits_left: 10_000 },
        },
      },
    });
  });

  it("counts the credits and calls that listings/latest spent, and a reset clears them", async () => {
    await cmcGet(sim, "limit=500");
    await cmcGet(sim, "limit=1");
    await keyInfo();
    const { body } = await keyInfo();
    expect(body.data.usage).toEqual({
      current_minute: { requests_made: 2, requests_left: 28 },
      current_day: { credits_used: 4, credits_left: 329 },
      current_month: { credits_used: 4, credits_left: 9996 },
    });
    const { body: log } = await control<{ counts: Record<string, number> }>(sim, "GET", "/_sim/requests");
    expect(log.counts).toMatchObject({ "coinmarketcap.listings": 2, "coinmarketcap.key_info": 2 });

    await control(sim, "POST", "/_sim/reset");
    const { body: after } = await keyInfo();
    expect(after.data.usage.current_month).toEqual({ credits_used: 0, credits_left: 10_000 });
  });

  it("checks the key like listings/latest: 401 / 1002 without one, 401 / 1001 with a wrong one", async () => {
    const missing = await keyInfo(null);
    expect(missing.status).toBe(401);
    expect(missing.body.status).toMatchObject({ error_code: 1002, error_message: "API key missing." });
    expect(missing.body).not.toHaveProperty("data");
    const wrong = await keyInfo("not-the-key");
    expect(wrong.status).toBe(401);
    expect(wrong.body.status).toMatchObject({ error_code: 1001, error_message: "This API Key is invalid." });
  });

  it("takes CoinMarketCap faults like any other CoinMarketCap path", async () => {
    await control(sim, "POST", "/_sim/fault", {
      target: "coinmarketcap",
      mode: "error_code",
      errorCode: 1010,
      times: 1,
    });
    const faulted = await keyInfo();
    expect(faulted.status).toBe(429);
    expect(faulted.body.status).toMatchObject({
      error_code: 1010,
      error_message: "You've exceeded your API Key's monthly rate limit.",
    });
    expect((await keyInfo()).status).toBe(200);
  });
});

describe("describeReset", () => {
  it.each([
    [0, "In 0 hours, 0 minutes"],
    [61_000, "In 0 hours, 1 minute"],
    [3_600_000 + 120_000, "In 1 hour, 2 minutes"],
    [86_400_000 + 59_999, "In 1 day, 0 hours, 0 minutes"],
    [-5_000, "In 0 hours, 0 minutes"],
  ])("words %i ms as %s", (ms, text) => {
    expect(describeReset(1_000_000, 1_000_000 + ms)).toBe(text);
  });
});
