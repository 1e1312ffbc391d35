import { describe, expect, it } from "vitest";
import { parseLighthouseAppend, parseLighthouseRuns } from "./lighthouse-runs";

describe("parseLighthouseRuns", () => {
  it("defaults to 5 and takes a whole number from 1 to 20", () => {
    expect(parseLighthouseRuns(undefined)).toBe(5);
    expect(parseLighthouseRuns(" ")).toBe(5);
    expect(parseLighthouseRuns("1")).toBe(1);
    expect(parseLighthouseRuns("20")).toBe(20);
  });

  it.each(["0", "21", "-3", "2.5", "1e1", "five"])("rejects %j, naming the variable", (value) => {
    expect(() => parseLighthouseRuns(value)).toThrow(
      `LIGHTHOUSE_RUNS must be a whole number from 1 to 20; got "${value}"`,
    );
  });
});

describe("parseLighthouseAppend", () => {
  it("appends by default and with 1, prints only with 0", () => {
    expect(parseLighthouseAppend(undefined)).toBe(true);
    expect(parseLighthouseAppend("")).toBe(true);
    expect(parseLighthouseAppend("1")).toBe(true);
    expect(parseLighthouseAppend(" 0 ")).toBe(false);
  });

  it.each(["no", "false", "2", "yes"])("rejects %j, naming the variable", (value) => {
    expect(() => parseLighthouseAppend(value)).toThrow(
      `LIGHTHOUSE_APPEND must be 1 (append to BENCHMARKS.md) or 0 (print only); got "${value}"`,
    );
  });
});
