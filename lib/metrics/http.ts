// The web's HTTP requests by route pattern (never the raw path: ids and scanners would explode the
// series), method and status.
import { Counter, Histogram } from "prom-client";
import { metricGroup, seconds } from "./registry";

const LABELS = ["method", "route", "status"] as const;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const http = () =>
  metricGroup("http", (registry) => ({
    requests: new Counter({
      name: "topcoins_http_requests_total",
      help: "HTTP requests the web answered, by method, route pattern and status code.",
      labelNames: LABELS,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "topcoins_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its response, by method, route pattern and status code.",
      labelNames: LABELS,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  }));

export interface HttpRequestObservation {
  method: string;
  /** The route pattern ("/api/coins/[id]/history"), not the path. */
  route: string;
  status: number;
  durationMs: number;
}

export function observeHttpRequest({ method, route, status, durationMs }: HttpRequestObservation): void {
  const metrics = http();
  const labels = { method: METHODS.has(method) ? method : "other", route, status: String(status) };
  metrics.requests.inc(labels);
  metrics.duration.observe(labels, seconds(durationMs));
}
