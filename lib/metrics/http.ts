// The web's HTTP requests by route pattern (never the raw path: ids and scanners would explode the
// series), method and status. A request bumps plain numbers kept per label set; prom-client reads
// them only when /api/metrics is scraped. Its own inc() and observe() check and hash the labels on
// every call, which costs more than a fast-path answer. A request finds its series by route, method
// and status in nested maps: the route and method are strings already seen (their hashes kept), so
// no key is built per request.
import { Counter, Histogram, type Registry } from "prom-client";
import { metricGroup, seconds } from "./registry";

const LABELS = ["method", "route", "status"] as const;
type Label = (typeof LABELS)[number];
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const REQUESTS = {
  name: "topcoins_http_requests_total",
  help: "HTTP requests the web answered, by method, route pattern and status code.",
};
const DURATION = {
  name: "topcoins_http_request_duration_seconds",
  help: "Time from a request's arrival to the end of its response, by method, route pattern and status code.",
};

/** One label set's requests so far. */
interface Series {
  labels: Record<Label, string>;
  count: number;
  sum: number;
  /** Requests per bucket (not cumulative); the last counts those above the largest bound. */
  perBucket: number[];
}

type MetricValue = { labels: Record<string, string | number>; value: number; metricName: string };

/** Every series, and the same found by route, then method, then status. */
class SeriesSet {
  private readonly byRoute = new Map<string, Map<string, Map<number, Series>>>();
  private readonly all: Series[] = [];

  get(route: string, anyMethod: string, status: number): Series {
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
      one = { labels, count: 0, sum: 0, perBucket: new Array<number>(BUCKETS.length + 1).fill(0) };
      byStatus.set(status, one);
      this.all.push(one);
    }
    return one;
  }

  values(): readonly Series[] {
    return this.all;
  }

  clear(): void {
    this.byRoute.clear();
    this.all.length = 0;
  }
}

/** The duration histogram, read from the series at scrape time. */
class DurationHistogram extends Histogram<Label> {
  constructor(
    private readonly series: SeriesSet,
    registry: ConstructorParameters<typeof Histogram>[0]["registers"],
  ) {
    super({ ...DURATION, labelNames: LABELS, buckets: BUCKETS, registers: registry });
  }

  // prom-client's registry reads a histogram through this method (and get() through it too).
  async getForPromString() {
    const values: MetricValue[] = [];
    for (const { labels, count, sum, perBucket } of this.series.values()) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += perBucket[i] ?? 0;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${DURATION.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: "+Inf" }, value: count, metricName: `${DURATION.name}_bucket` });
      values.push({ labels, value: sum, metricName: `${DURATION.name}_sum` });
      values.push({ labels, value: count, metricName: `${DURATION.name}_count` });
    }
    return { ...DURATION, type: "histogram" as const, values, aggregator: "sum" as const };
  }

  /** The registry's resetMetrics(): every series starts again (the request counter with them). */
  override reset(): void {
    // prom-client's constructor resets too, before the series are set.
    this.series?.clear();
  }
}

function createHttpMetrics(registry: Registry): SeriesSet {
  const series = new SeriesSet();
  new Counter({
    ...REQUESTS,
    labelNames: LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, count } of series.values()) this.inc(labels, count);
    },
  });
  new DurationHistogram(series, [registry]);
  return series;
}

// The group's maker is one function, not a new closure per request.
const http = () => metricGroup("http", createHttpMetrics);

/**
 * Counts one answered request. `route` is the route pattern ("/api/coins/[id]/history"), not the
 * path. Plain arguments: an object per request would be one more allocation on the fast path.
 */
export function observeHttpRequest(method: string, route: string, status: number, durationMs: number): void {
  const one = http().get(route, method, status);
  const value = seconds(durationMs);
  one.count++;
  one.sum += value;
  let bucket = 0;
  while (bucket < BUCKETS.length && value > (BUCKETS[bucket] ?? Number.POSITIVE_INFINITY)) bucket++;
  one.perBucket[bucket] = (one.perBucket[bucket] ?? 0) + 1;
}
