import { describe, expect, it } from "vitest";
import { describeChange, formatPriceTick, formatSupply } from "./changes";

describe("describeChange", () => {
  it("signs the change and gives a shape and words for its direction", () => {
    expect(describeChange(4.2)).toEqual({ text: "+4.20%", direction: "up", arrow: "▲", label: "up 4.20%" });
    expect(describeChange(-1.5)).toEqual({ text: "-1.50%", direction: "down", arrow: "▼", label: "down 1.50%" });
    expect(describeChange(0)).toEqual({ text: "0.00%", direction: "flat", arrow: "■", label: "unchanged, 0.00%" });
  });

  it("calls a change that rounds to zero flat", () => {
    expect(describeChange(0.004)?.direction).toBe("flat");
    expect(describeChange(-0.004)?.arrow).toBe("■");
  });

  it("has nothing to say without a change", () => {
    expect(describeChange(null)).toBeNull();
    expect(describeChange(Number.NaN)).toBeNull();
  });
});

describe("formatSupply", () => {
  it("shows whole units with the symbol", () => {
    expect(formatSupply(19_970_762.4, "BTC")).toBe("19,970,762 BTC");
    expect(formatSupply(0.4, "XYZ")).toBe("0 XYZ");
  });
});

describe("formatPriceTick", () => {
  it("is compact from $1,000 and tells close ticks apart", () => {
    expect(formatPriceTick(97_150)).toBe("$97.15K");
    expect(formatPriceTick(97_200)).toBe("$97.2K");
    expect(formatPriceTick(1_234_567)).toBe("$1.2346M");
    expect(formatPriceTick(999.5)).toBe("$999.50");
    expect(formatPriceTick(0.000123)).toBe("$0.000123");
  });
});
