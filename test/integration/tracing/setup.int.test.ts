// When tracing is on, where spans go, and that an OTLP collector really receives them.
import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { otlpTracesUrl, startTracing, type TracingHandle, tracesExporterOf } from "../../../lib/tracing/setup";
import { type LocalServer, startLocalServer } from "../../support/http-server";

const none = {
  OTEL_TRACES_EXPORTER: undefined,
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  OTEL_SERVICE_NAME: undefined,
  INSTANCE_ID: undefined,
} as const;

describe("tracesExporterOf and otlpTracesUrl", () => {
  it("sends traces nowhere unless an exporter or an endpoint is set, and never with none", () => {
    expect(tracesExporterOf(none)).toBeNull();
    expect(tracesExporterOf({ ...none, OTEL_TRACES_EXPORTER: "console" })).toBe("console");
    expect(tracesExporterOf({ ...none, OTEL_TRACES_EXPORTER: "otlp" })).toBe("otlp");
    expect(tracesExporterOf({ ...none, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe("otlp");
    expect(tracesExporterOf({ ...none, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/v1/traces" })).toBe("otlp");
    expect(
      tracesExporterOf({ ...none, OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }),
    ).toBeNull();
  });

  it("uses the traces endpoint as given, else appends /v1/traces to the base endpoint", () => {
    expect(otlpTracesUrl(none)).toBeUndefined();
    expect(otlpTracesUrl({ ...none, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toBe(
      "http://collector:4318/v1/traces",
    );
    expect(
      otlpTracesUrl({
        ...none,
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://other:9999/traces",
      }),
    ).toBe("http://other:9999/traces");
  });
});

describe("startTracing", () => {
  let handle: TracingHandle | null = null;
  let collector: LocalServer | null = null;
  afterEach(async () => {
    await handle?.shutdown();
    await collector?.close();
    handle = null;
    collector = null;
  });

  it("registers nothing when traces go nowhere: spans are the API's no-op ones", () => {
    expect(startTracing("web", none)).toBeNull();
    const span = trace.getTracer("t").startSpan("noop");
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it("exports spans over OTLP/HTTP to the configured collector, named for the process", async () => {
    const bodies: string[] = [];
    collector = await startLocalServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    handle = startTracing("pricing", {
      ...none,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      INSTANCE_ID: "pricing-7",
    });
    expect(handle?.exporter).toBe("otlp");
    expect(startTracing("pricing", none)).toBe(handle);
    const span = trace.getTracer("t").startSpan("cycle pricing", { attributes: { "topcoins.role": "pricing" } });
    expect(span.isRecording()).toBe(true);
    span.end();
    await handle?.shutdown();
    handle = null;
    expect(collector.requests.map((request) => [request.method, request.url])).toEqual([["POST", "/v1/traces"]]);
    const body = bodies.join("");
    expect(body).toContain('"cycle pricing"');
    expect(body).toContain('"topcoins-pricing"');
    expect(body).toContain('"pricing-7"');
  });
});
