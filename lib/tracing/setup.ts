// The tracer provider, registered only when traces go somewhere: OTEL_TRACES_EXPORTER=otlp|console,
// or an OTLP endpoint set. Otherwise nothing is registered and the API's no-op tracer stays in place.
import { context, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { type AppConfig, instanceId } from "../config";
import { packageInfo } from "../version";

type TracingConfig = Pick<
  AppConfig,
  | "OTEL_TRACES_EXPORTER"
  | "OTEL_EXPORTER_OTLP_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
  | "OTEL_SERVICE_NAME"
  | "INSTANCE_ID"
>;

export type TracesExporter = "otlp" | "console";

const SHUTDOWN_FLUSH_MS = 3_000;

/** Where traces go, or null for nowhere. `none` wins over an endpoint; an endpoint alone means otlp. */
export function tracesExporterOf(config: TracingConfig): TracesExporter | null {
  if (config.OTEL_TRACES_EXPORTER === "none") return null;
  if (config.OTEL_TRACES_EXPORTER) return config.OTEL_TRACES_EXPORTER;
  return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || config.OTEL_EXPORTER_OTLP_ENDPOINT ? "otlp" : null;
}

/** The OTLP/HTTP traces URL: the traces endpoint as given, else the base endpoint + /v1/traces. */
export function otlpTracesUrl(config: TracingConfig): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
  return undefined;
}

export interface TracingHandle {
  exporter: TracesExporter | "custom";
  /** Flushes pending spans and unregisters the provider. */
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider for this process (`processName`: web, pricing, ranking) when the
 * configuration sends traces somewhere; returns null, registering nothing, when it does not.
 */
export function startTracing(processName: string, config: TracingConfig): TracingHandle | null {
  const holder = globalThis as GlobalWithTracing;
  // Once per process: the web server starts it before Next loads, and instrumentation.ts (for
  // `next dev` and hosts without our server) then finds it running, through its bundled copy too.
  const running = holder[GLOBAL_KEY];
  if (running) return running;
  const exporter = tracesExporterOf(config);
  if (exporter === null) return null;
  const processor =
    exporter === "otlp"
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(config) }))
      : new SimpleSpanProcessor(new ConsoleSpanExporter());
  const registered = registerTracing(processName, config, [processor]);
  const handle: TracingHandle = {
    exporter,
    shutdown: async () => {
      holder[GLOBAL_KEY] = undefined;
      await registered.shutdown();
    },
  };
  holder[GLOBAL_KEY] = handle;
  return handle;
}

const GLOBAL_KEY = Symbol.for("topcoins.tracing");
type GlobalWithTracing = typeof globalThis & { [GLOBAL_KEY]?: TracingHandle };

/** Registers a provider with the given processors (tests pass an in-memory exporter's). */
export function registerTracing(
  processName: string,
  config: Partial<Pick<TracingConfig, "OTEL_SERVICE_NAME" | "INSTANCE_ID">>,
  spanProcessors: SpanProcessor[],
): TracingHandle {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? `topcoins-${processName}`,
      [ATTR_SERVICE_VERSION]: packageInfo().version,
      "service.namespace": "topcoins",
      "service.instance.id": instanceId(config),
    }),
    spanProcessors,
  });
  // Sets the global provider, an AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  return {
    exporter: "custom",
    async shutdown() {
      // An unreachable collector must not hold the process's exit: flush for at most a few seconds.
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_FLUSH_MS).unref());
      await Promise.race([provider.shutdown().catch(() => undefined), timeout]);
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
