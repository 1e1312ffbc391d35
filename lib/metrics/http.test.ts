// The web's HTTP request metrics, read back through the registry's exposition and a strict parser:
// bucket edges, the sum, the count, the method label's catch-all and a reset.
import { beforeEach, describe, expect, it } from "vitest";
import { parseExposition, sampleValue } from "../../test/support/exposition";
import { observeHttpRequest } from "./http";
import { getRegistry, renderMetrics } from "./registry";

const DURATION = "topcoins_http_request_duration_seconds";
const top = { method: "GET", route: "/api/top", status: "200" };

async function exposition() {
  return parseExposition((await renderMetrics()).body);
}

beforeEach(() => getRegistry().resetMetrics());

describe("the HTTP request metrics", () => {
  it("count requests per label set and put each duration in the first bucket it fits, edges included", async () => {
    for (const durationMs of [1, 5, 5.0001, 10, 700, 9_000]) {
      observeHttpRequest("GET", "/api/top", 200, durationMs);
    }
    observeHttpRequest("GET", "/api/top", 304, 2);
    const metrics = await exposition();
    expect(sampleValue(metrics, "topcoins_http_requests_total", top)).toBe(6);
    expect(sampleValue(metrics, "topcoins_http_requests_total", { ...top, status: "304" })).toBe(1);
    const bucket = (le: string) => sampleValue(metrics, `${DURATION}_bucket`, { ...top, le });
    expect([bucket("0.005"), bucket("0.01"), bucket("0.025"), bucket("0.5"), bucket("1"), bucket("5")]).toEqual([
      2, 4, 4, 4, 5, 5,
    ]);
    expect(bucket("+Inf")).toBe(6);
    expect(sampleValue(metrics, `${DURATION}_count`, top)).toBe(6);
    expect(sampleValue(metrics, `${DURATION}_sum`, top)).toBeCloseTo(9.7210001, 9);
  });

  it("labels methods outside the standard ones as other, in one series", async () => {
    observeHttpRequest("PROPFIND", "unmatched", 405, 1);
    observeHttpRequest("MKCOL", "unmatched", 405, 1);
    const metrics = await exposition();
    const other = { method: "other", route: "unmatched", status: "405" };
    expect(sampleValue(metrics, "topcoins_http_requests_total", other)).toBe(2);
    expect(sampleValue(metrics, `${DURATION}_count`, other)).toBe(2);
  });

  it("start again from nothing when the registry is reset", async () => {
    observeHttpRequest("GET", "/api/top", 200, 1);
    getRegistry().resetMetrics();
    observeHttpRequest("HEAD", "/api/top", 200, 1);
    const metrics = await exposition();
    expect(sampleValue(metrics, "topcoins_http_requests_total", top)).toBeUndefined();
    expect(sampleValue(metrics, "topcoins_http_requests_total", { ...top, method: "HEAD" })).toBe(1);
    expect(sampleValue(metrics, `${DURATION}_count`, top)).toBeUndefined();
  });
});
