// A service's /metrics server over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetricsServer, startMetricsServer } from "../../../lib/metrics/server";
import { observeCycle } from "../../../lib/metrics/service";
import { parseExposition, sampleValue } from "../../support/exposition";

let server: MetricsServer;
let base: string;
beforeAll(async () => {
  server = await startMetricsServer(0, "127.0.0.1");
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

describe("the metrics server", () => {
  it("serves the registry at /metrics in the Prometheus text format", async () => {
    observeCycle("pricing", "stored");
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const metrics = parseExposition(await response.text());
    expect(sampleValue(metrics, "topcoins_service_cycles_total", { role: "pricing", outcome: "stored" })).toBe(1);
    expect(metrics.get("process_resident_memory_bytes")?.type).toBe("gauge");
  });

  it("answers HEAD without a body, other paths with 404 and other methods with 405", async () => {
    const head = await fetch(`${base}/metrics`, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
    const other = await fetch(`${base}/`);
    expect([other.status, await other.text()]).toEqual([404, "not found: try /metrics\n"]);
    const post = await fetch(`${base}/metrics`, { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
  });

  it("refuses a port that is taken", async () => {
    await expect(startMetricsServer(server.port, "127.0.0.1")).rejects.toThrow(/EADDRINUSE/);
  });

  it("closes even while a scraper keeps its connection open", async () => {
    const extra = await startMetricsServer(0, "127.0.0.1");
    const response = await fetch(`http://127.0.0.1:${extra.port}/metrics`, { headers: { connection: "keep-alive" } });
    await response.text();
    await extra.close();
    await expect(fetch(`http://127.0.0.1:${extra.port}/metrics`)).rejects.toThrow();
  });
});
