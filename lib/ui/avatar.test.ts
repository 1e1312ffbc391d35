import { describe, expect, it } from "vitest";
import { AVATAR_COLORS, avatarFor, contrastRatio, hashString } from "./avatar";

describe("avatarFor", () => {
  it("uses the first two letters of the symbol", () => {
    expect(avatarFor("BTC", "Bitcoin").initials).toBe("BT");
    expect(avatarFor("x", "Something").initials).toBe("X");
    expect(avatarFor("1INCH", "1inch").initials).toBe("1I");
    expect(avatarFor("$$", "Dollar Coin").initials).toBe("DO");
  });
  it("picks the same colour for the same symbol, whatever its case", () => {
    expect(avatarFor("btc", "a").background).toBe(avatarFor("BTC", "b").background);
    expect(avatarFor("BTC", "Bitcoin").background).toBe(AVATAR_COLORS[hashString("BTC") % AVATAR_COLORS.length]);
  });
  it("spreads common symbols over several colours", () => {
    const colours = new Set(
      ["BTC", "ETH", "USDT", "BNB", "SOL", "XRP", "DOGE", "ADA"].map((s) => avatarFor(s, s).background),
    );
    expect(colours.size).toBeGreaterThanOrEqual(5);
  });
});

describe("the avatar palette", () => {
  it("gives white initials at least 4.5:1 contrast on every colour", () => {
    for (const colour of AVATAR_COLORS) expect(contrastRatio(colour, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });
  it("computes contrast as WCAG does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
  });
});

describe("hashString", () => {
  it("is FNV-1a", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
  });
});
