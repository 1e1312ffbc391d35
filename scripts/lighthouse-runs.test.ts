import { describe, expect, it } from "vitest";
import { parseLighthouseRuns } from "./lighthouse-runs";

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
