import { describe, expect, it } from "vitest";
import { ASSET_ID_PATTERN, assetIdBase, chooseAssetId, provisionalAssetId } from "./registry";

describe("asset ids", () => {
  it("derives a URL-safe base from a slug or a name, never digits only", () => {
    expect(assetIdBase("bitcoin")).toBe("bitcoin");
    expect(assetIdBase("Velora Network Token")).toBe("velora-network-token");
    expect(assetIdBase("42")).toBe("coin-42");
    expect(assetIdBase("$$$")).toBe("coin");
    expect(assetIdBase("x".repeat(80))).toHaveLength(48);
  });

  it("takes the first free id: the base, the base with the symbol, then a number", () => {
    const taken = new Set(["holo"]);
    expect(chooseAssetId("holo", "HOT", (id) => taken.has(id))).toBe("holo-hot");
    taken.add("holo-hot");
    expect(chooseAssetId("holo", "HOT", (id) => taken.has(id))).toBe("holo-2");
    expect(chooseAssetId("bitcoin", "BTC", () => false)).toBe("bitcoin");
  });

  it("gives a provisional id from the provider and its id", () => {
    expect(provisionalAssetId("cryptocompare", "1182")).toBe("cryptocompare-1182");
    for (const id of ["bitcoin", "coin-42", "cryptocompare-1182", "holo-hot"])
      expect(ASSET_ID_PATTERN.test(id)).toBe(true);
    for (const id of ["-x", "x-", "A", "a b", ""]) expect(ASSET_ID_PATTERN.test(id)).toBe(false);
  });
});
