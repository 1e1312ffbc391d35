// The process's one Prometheus registry, with Node's default process metrics. Kept on globalThis:
// Next may load this module once per route bundle and once more in the custom web server, and every
// copy must count into the same metrics. Each group of metrics is created on first use, so a service
// exposes only what it measures and the web only what it serves.
import { collectDefaultMetrics, Registry } from "prom-client";

interface MetricsHolder {
  registry: Registry;
  groups: Map<string, unknown>;
}

const GLOBAL_KEY = Symbol.for("topcoins.metrics");
type GlobalWithMetrics = typeof globalThis & { [GLOBAL_KEY]?: MetricsHolder };

function holder(): MetricsHolder {
  const global = globalThis as GlobalWithMetrics;
  let held = global[GLOBAL_KEY];
  if (!held) {
    const registry = new Registry();
    // Unprefixed on purpose (process_cpu_seconds_total, nodejs_heap_size_used_bytes): stock Node.js
    // dashboards and alerts expect these names.
    collectDefaultMetrics({ register: registry });
    held = { registry, groups: new Map() };
    global[GLOBAL_KEY] = held;
  }
  return held;
}

/** The process's registry (created, with the default process metrics, on first use). */
export function getRegistry(): Registry {
  return holder().registry;
}

/** A group of metrics created once per process, in the process's registry. */
export function metricGroup<T>(name: string, create: (registry: Registry) => T): T {
  const { registry, groups } = holder();
  if (!groups.has(name)) groups.set(name, create(registry));
  return groups.get(name) as T;
}

export interface Exposition {
  contentType: string;
  body: string;
}

/** Every metric in the Prometheus text format, with the content type that names its version. */
export async function renderMetrics(): Promise<Exposition> {
  const registry = getRegistry();
  // prom-client 15 writes NaN as "Nan" (the event-loop lag gauges before their first sample); the
  // format says "NaN". Prometheus itself reads either, stricter parsers only the latter.
  const body = (await registry.metrics()).replace(/^([^#].*) Nan$/gm, "$1 NaN");
  return { contentType: registry.contentType, body };
}

/** Seconds, the unit Prometheus expects, from milliseconds. */
export function seconds(ms: number): number {
  return ms / 1000;
}
