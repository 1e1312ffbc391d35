// The web's HTTP requests by route pattern (never the raw path: ids and scanners would explode the
// series), method and status, through prom-client's label children: a request finds its children
// by route, method and status in nested maps, so the labels are checked once per label set.
import { Counter, Histogram, type Registry } from "prom-client";
import { metricGroup, seconds } from "./registry";

const LABELS = ["method", "route", "status"] as const;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One label set's counter and histogram children. */
interface Series {
  requests: { inc(): void };
  duration: { observe(value: number): void };
}

class HttpMetrics {
  private readonly requests: Counter<(typeof LABELS)[number]>;
  private readonly duration: Histogram<(typeof LABELS)[number]>;
  private readonly byRoute = new Map<string, Map<string, Map<number, Series>>>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: "topcoins_http_requests_total",
      help: "HTTP requests the web answered, by method, route pattern and status code.",
      labelNames: LABELS,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: "topcoins_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its response, by method, route pattern and status code.",
      labelNames: LABELS,
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  series(route: string, anyMethod: string, status: number): Series {
    // One series for every method outside the standard ones, or they would repeat a label set.
    const method = METHODS.has(anyMethod) ? anyMethod : "other";
    let byMethod = this.byRoute.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.byRoute.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let one = byStatus.get(status);
    if (!one) {
      const labels = { method, route, status: String(status) };
      one = { requests: this.requests.labels(labels), duration: this.duration.labels(labels) };
      byStatus.set(status, one);
    }
    return one;
  }
}

const http = () => metricGroup("http", (registry) => new HttpMetrics(registry));

/** Counts one answered request. `route` is the route pattern ("/api/coins/[id]/history"), not the path. */
export function observeHttpRequest(method: string, route: string, status: number, durationMs: number): void {
  const series = http().series(route, method, status);
  series.requests.inc();
  series.duration.observe(seconds(durationMs));
}
