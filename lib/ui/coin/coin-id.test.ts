import { describe, expect, it } from "vitest";
import { coinPath, isValidCoinId } from "./coin-id";

describe("isValidCoinId", () => {
  it("accepts ranking ids of 1 to 64 letters, digits, dots, dashes and underscores", () => {
    expect(["1182", "a.b_c-D", "x".repeat(64)].map(isValidCoinId)).toEqual([true, true, true]);
  });

  it("rejects anything else", () => {
    expect(["", "x".repeat(65), "a b", "../etc", "%2e", "bitcoin!"].map(isValidCoinId)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("coinPath", () => {
  it("links to the coin page", () => {
    expect(coinPath("1182")).toBe("/coins/1182");
  });
});
