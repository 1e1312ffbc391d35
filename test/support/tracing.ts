// Tracing into memory, for tests that assert spans, their parents and their attributes.
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { registerTracing } from "../../lib/tracing/setup";

export interface InMemoryTracing {
  spans(): ReadableSpan[];
  /** The one finished span with this name; throws when there is none or several. */
  span(name: string): ReadableSpan;
  reset(): void;
  stop(): Promise<void>;
}

export function startInMemoryTracing(processName = "test"): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const handle = registerTracing(processName, {}, [new SimpleSpanProcessor(exporter)]);
  const spans = () => exporter.getFinishedSpans();
  return {
    spans,
    span(name) {
      const found = spans().filter((span) => span.name === name);
      if (found.length !== 1) {
        throw new Error(
          `expected one span named ${name}, found ${found.length}: ${spans()
            .map((s) => s.name)
            .join(", ")}`,
        );
      }
      return found[0] as ReadableSpan;
    },
    reset: () => exporter.reset(),
    stop: () => handle.shutdown(),
  };
}

/** The id of a span's parent, or undefined for a root span (sdk-trace-base 2 keeps it in parentSpanContext). */
export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
