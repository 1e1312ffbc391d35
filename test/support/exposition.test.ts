// The strict exposition parser: what it accepts, and each rule it enforces.
import { describe, expect, it } from "vitest";
import { ExpositionError, parseExposition, sampleValue } from "./exposition";

const VALID = `# HELP jobs_total Jobs done, by "kind".\\nSecond line with a \\\\ backslash.
# TYPE jobs_total counter
jobs_total{kind="a\\"b",path="c:\\\\d"} 3
jobs_total{kind="x\\ny",} 0
# a plain comment
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1",route="/"} 1
latency_seconds_bucket{le="1",route="/"} 3
latency_seconds_bucket{le="+Inf",route="/"} 4
latency_seconds_sum{route="/"} 7.5
latency_seconds_count{route="/"} 4
# HELP temp Temperature.
# TYPE temp gauge
temp -1.5e3
temp{at="night"} NaN
temp{at="noon"} +Inf
`;

function rejects(text: string, message: RegExp): void {
  expect(() => parseExposition(text)).toThrow(ExpositionError);
  expect(() => parseExposition(text)).toThrow(message);
}

describe("parseExposition", () => {
  it("reads families, escaped help and label values, special values and histograms", () => {
    const families = parseExposition(VALID);
    expect([...families.keys()]).toEqual(["jobs_total", "latency_seconds", "temp"]);
    expect(families.get("jobs_total")).toMatchObject({
      type: "counter",
      help: 'Jobs done, by "kind".\nSecond line with a \\ backslash.',
    });
    expect(sampleValue(families, "jobs_total", { kind: 'a"b', path: "c:\\d" })).toBe(3);
    expect(sampleValue(families, "jobs_total", { kind: "x\ny" })).toBe(0);
    expect(sampleValue(families, "latency_seconds_count", { route: "/" })).toBe(4);
    expect(sampleValue(families, "latency_seconds_bucket", { route: "/", le: "+Inf" })).toBe(4);
    expect(sampleValue(families, "temp")).toBe(-1500);
    expect(sampleValue(families, "temp", { at: "night" })).toBeNaN();
    expect(sampleValue(families, "temp", { at: "noon" })).toBe(Number.POSITIVE_INFINITY);
    expect(sampleValue(families, "temp", { at: "dusk" })).toBeUndefined();
  });

  it("demands HELP and TYPE before samples, once each", () => {
    rejects("# TYPE a gauge\na 1\n", /a has no HELP and TYPE/);
    rejects("# HELP a A.\n# HELP a A.\n# TYPE a gauge\na 1\n", /second HELP/);
    rejects("# HELP a A.\n# TYPE a gauge\na 1\n# TYPE a gauge\n", /TYPE after samples/);
    rejects("# HELP a A.\n# TYPE a meter\na 1\n", /unknown type meter/);
    rejects("a 1\n", /sample outside the family/);
  });

  it("keeps a family's lines together and each series once", () => {
    rejects("# HELP a A.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\n# HELP a A.\n", /not contiguous/);
    rejects('# HELP a A.\n# TYPE a gauge\na{x="1",y="2"} 1\na{y="2",x="1"} 2\n', /duplicate series/);
    rejects("# HELP a A.\n# TYPE a gauge\nb 1\n", /sample outside the family/);
  });

  it("rejects bad names, labels, values and a missing final newline", () => {
    rejects("# HELP 1a A.\n", /invalid metric name/);
    rejects('# HELP a A.\n# TYPE a gauge\na{1x="v"} 1\n', /invalid label name/);
    rejects('# HELP a A.\n# TYPE a gauge\na{x="v",x="w"} 1\n', /given twice/);
    rejects('# HELP a A.\n# TYPE a gauge\na{x="v"y="w"} 1\n', /separated by commas/);
    rejects('# HELP a A.\n# TYPE a gauge\na{x="a\\tb"} 1\n', /malformed labels/);
    rejects("# HELP a A.\n# TYPE a gauge\na Nan\n", /invalid value Nan/);
    rejects("# HELP a A.\n# TYPE a gauge\na 1,5\n", /invalid value/);
    rejects("# HELP a A.\n# TYPE a counter\na -1\n", /counter must not be negative/);
    rejects("# HELP a A.\n# TYPE a gauge\na 1", /must end with a newline/);
  });

  it("checks each histogram series: ascending le, cumulative counts, +Inf equal to _count, a _sum", () => {
    const histogram = (lines: string) => `# HELP h H.\n# TYPE h histogram\n${lines}`;
    rejects(
      histogram('h_bucket{le="1"} 2\nh_bucket{le="0.5"} 2\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n'),
      /not ascending/,
    );
    rejects(
      histogram('h_bucket{le="0.5"} 3\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 3\nh_sum 1\nh_count 3\n'),
      /counts decrease/,
    );
    rejects(histogram('h_bucket{le="1"} 2\nh_sum 1\nh_count 2\n'), /no \+Inf bucket/);
    rejects(histogram('h_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n'), /differs from _count/);
    rejects(histogram('h_bucket{le="+Inf"} 2\nh_count 2\n'), /lacks _sum or _count/);
    rejects(histogram("h 2\n"), /sample outside the family/);
    expect(() => parseExposition(histogram('h_bucket{le="+Inf"} 0\nh_sum 0\nh_count 0\n'))).not.toThrow();
  });
});
