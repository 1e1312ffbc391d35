import { describe, expect, it } from "vitest";
import { priceScale } from "./price-axis";

describe("priceScale", () => {
  it("puts ticks on round thousands for a bitcoin week", () => {
    expect(priceScale([89_666, 92_907.28, 91_000])).toEqual({
      domain: [89_000, 93_000],
      ticks: [89_000, 90_000, 91_000, 92_000, 93_000],
    });
  });

  it("uses steps of 2, 2.5 and 5 as the spread asks", () => {
    expect(priceScale([0.000101, 0.000109]).ticks).toEqual([0.0001, 0.000102, 0.000104, 0.000106, 0.000108, 0.00011]);
    expect(priceScale([1.01, 1.09]).ticks).toEqual([1, 1.02, 1.04, 1.06, 1.08, 1.1]);
    expect(priceScale([1.01, 1.095]).ticks).toEqual([1, 1.025, 1.05, 1.075, 1.1]);
    expect(priceScale([3, 19]).ticks).toEqual([0, 5, 10, 15, 20]);
  });

  it("gives a flat line 1% of air and never goes below zero", () => {
    expect(priceScale([50, 50])).toEqual({ domain: [49.5, 50.5], ticks: [49.5, 49.75, 50, 50.25, 50.5] });
    expect(priceScale([0.5, 100]).domain).toEqual([0, 100]);
    expect(priceScale([])).toEqual({ domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] });
  });
});
