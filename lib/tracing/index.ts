// OpenTelemetry traces: set up once per process (setup.ts), spans through the API (spans.ts).

export {
  otlpTracesUrl,
  registerTracing,
  startTracing,
  type TracesExporter,
  type TracingHandle,
  tracesExporterOf,
} from "./setup";
export { ATTR, failSpan, inSpan, inSpanSync, tracer } from "./spans";
