// A strict parser for the Prometheus text exposition format (version 0.0.4), for tests: it rejects
// what a lenient scraper might let through. Every family needs HELP and TYPE before its samples, a
// family's lines are contiguous, a series appears once, label and metric names are valid, counters
// are not negative, and each histogram series has ascending `le` buckets with non-decreasing counts,
// a +Inf bucket equal to _count, and a _sum.

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, …), not the family's. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export class ExpositionError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "ExpositionError";
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);

/** Parses a whole exposition; throws ExpositionError naming the first offending line. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  if (text !== "" && !text.endsWith("\n")) throw new ExpositionError(0, "the exposition must end with a newline");
  const families = new Map<string, MetricFamily>();
  // Which of HELP and TYPE each family has declared so far.
  const declared = new Map<string, { help: boolean; type: boolean }>();
  const seen = new Set<string>();
  const closed = new Set<string>();
  let current: MetricFamily | null = null;
  const lines = text.split("\n").slice(0, -1);
  lines.forEach((line, index) => {
    const number = index + 1;
    const fail = (message: string): never => {
      throw new ExpositionError(number, `${message}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!match) return; // a plain comment
      const [, keyword, name = "", rest = ""] = match;
      if (!METRIC_NAME.test(name)) fail("invalid metric name");
      if (current?.name !== name) {
        if (current) closed.add(current.name);
        if (closed.has(name)) fail(`the lines of ${name} are not contiguous`);
        current = families.get(name) ?? { name, help: "", type: "untyped", samples: [] };
        families.set(name, current);
        if (!declared.has(name)) declared.set(name, { help: false, type: false });
      }
      const family: MetricFamily = current;
      const flags = declared.get(name) as { help: boolean; type: boolean };
      if (family.samples.length > 0) fail(`${keyword} after samples of ${name}`);
      if (keyword === "HELP") {
        if (flags.help) fail(`second HELP for ${name}`);
        flags.help = true;
        family.help = unescapeHelp(rest, fail);
      } else {
        if (flags.type) fail(`second TYPE for ${name}`);
        if (!TYPES.has(rest as MetricType)) fail(`unknown type ${rest}`);
        flags.type = true;
        family.type = rest as MetricType;
      }
      return;
    }
    const sample = parseSample(line, fail);
    if (!current || familyOf(sample.name, current) === null) fail(`sample outside the family declared above it`);
    const family: MetricFamily = current as MetricFamily;
    const flags = declared.get(family.name);
    if (!flags?.help || !flags.type) fail(`${family.name} has no HELP and TYPE before its samples`);
    const key = seriesKey(sample);
    if (seen.has(key)) fail("duplicate series");
    seen.add(key);
    if (family.type === "counter" && !(sample.value >= 0)) fail("a counter must not be negative or NaN");
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

/** The sample's family if it belongs to `family` (by the naming rules of its type), else null. */
function familyOf(sampleName: string, family: MetricFamily): string | null {
  if (sampleName === family.name && family.type !== "histogram") return family.name;
  const suffixes =
    family.type === "histogram" ? ["_bucket", "_sum", "_count"] : family.type === "summary" ? ["_sum", "_count"] : [];
  return suffixes.some((suffix) => sampleName === family.name + suffix) ? family.name : null;
}

function parseSample(line: string, fail: (message: string) => never): Sample {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)(?: (-?\d+))?$/.exec(line);
  if (!match) fail("not a sample line");
  const [, name = "", labelText, valueText = ""] = match as RegExpExecArray;
  return {
    name,
    labels: labelText ? parseLabels(labelText.slice(1, -1), fail) : {},
    value: parseValue(valueText, fail),
  };
}

function parseLabels(text: string, fail: (message: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== "") {
    const match = /^([^=]+)="((?:[^"\\\n]|\\[\\"n])*)"(,?)/.exec(rest);
    if (!match) fail("malformed labels");
    const [whole, name = "", raw = "", comma] = match as RegExpExecArray;
    if (!LABEL_NAME.test(name) || name.startsWith("__")) fail(`invalid label name ${name}`);
    if (name in labels) fail(`label ${name} given twice`);
    labels[name] = raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    rest = rest.slice(whole.length);
    if (comma === "" && rest !== "") fail("labels must be separated by commas");
  }
  return labels;
}

function parseValue(text: string, fail: (message: string) => never): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(`invalid value ${text}`);
  return Number(text);
}

function unescapeHelp(text: string, fail: (message: string) => never): string {
  if (/\\[^\\n]/.test(text.replace(/\\\\/g, ""))) fail("invalid escape in HELP");
  return text.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

function seriesKey(sample: Sample): string {
  const labels = Object.entries(sample.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([sample.name, labels]);
}

/** The labels of a sample without `le`, as one key: the histogram series it belongs to. */
function withoutLe(labels: Record<string, string>): string {
  const { le: _, ...rest } = labels;
  return seriesKey({ name: "", labels: rest, value: 0 });
}

function checkHistogram(family: MetricFamily): void {
  const fail = (message: string): never => {
    throw new ExpositionError(0, `histogram ${family.name}: ${message}`);
  };
  const series = new Map<string, { buckets: Array<[number, number]>; sum?: number; count?: number }>();
  const of = (sample: Sample) => {
    const key = withoutLe(sample.labels);
    let entry = series.get(key);
    if (!entry) {
      entry = { buckets: [] };
      series.set(key, entry);
    }
    return entry;
  };
  for (const sample of family.samples) {
    if (sample.name.endsWith("_bucket")) {
      const le = sample.labels.le;
      if (le === undefined) fail("a bucket without le");
      of(sample).buckets.push([parseValue(le as string, fail), sample.value]);
    } else if (sample.name.endsWith("_sum")) {
      if ("le" in sample.labels) fail("_sum with le");
      of(sample).sum = sample.value;
    } else {
      if ("le" in sample.labels) fail("_count with le");
      of(sample).count = sample.value;
    }
  }
  for (const [key, entry] of series) {
    if (entry.sum === undefined || entry.count === undefined) fail(`series ${key} lacks _sum or _count`);
    let previous: [number, number] | null = null;
    for (const bucket of entry.buckets) {
      if (previous && !(bucket[0] > previous[0])) fail(`series ${key}: le values are not ascending`);
      if (previous && bucket[1] < previous[1]) fail(`series ${key}: bucket counts decrease`);
      previous = bucket;
    }
    if (!previous || previous[0] !== Number.POSITIVE_INFINITY) fail(`series ${key} has no +Inf bucket`);
    if (previous?.[1] !== entry.count) fail(`series ${key}: the +Inf bucket differs from _count`);
  }
}

/** The value of one sample, or undefined when no series has exactly these labels. */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const key = seriesKey({ name, labels, value: 0 });
  for (const family of families.values()) {
    for (const sample of family.samples) if (seriesKey(sample) === key) return sample.value;
  }
  return undefined;
}

/** Every sample of `name` (e.g. all series of a counter), for assertions on whole label sets. */
export function samplesOf(families: Map<string, MetricFamily>, name: string): Sample[] {
  return [...families.values()].flatMap((family) => family.samples.filter((sample) => sample.name === name));
}
