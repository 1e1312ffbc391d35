import { describe, expect, it } from "vitest";
import { coinPath, isValidCoinId } from "./coin-id";

describe("isValidCoinId", () => {
  it("accepts stable ids and older links' ranking ids: 1 to 128 letters, digits, dots, dashes and underscores", () => {
    expect(["bitcoin", "1182", "a.b_c-D", "x".repeat(128)].map(isValidCoinId)).toEqual([true, true, true, true]);
  });

  it("rejects anything else", () => {
    expect(["", "x".repeat(129), "a b", "../etc", "%2e", "bitcoin!"].map(isValidCoinId)).toEqual([
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
    expect(coinPath("bitcoin")).toBe("/coins/bitcoin");
    expect(coinPath("a b")).toBe("/coins/a%20b");
  });
});
