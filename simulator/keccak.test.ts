import { describe, expect, it } from "vitest";
import { checksumAddress, keccak256 } from "./keccak";
import { Market } from "./market";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("keccak256 and EIP-55", () => {
  it("hashes the known vectors (Ethereum's Keccak, not SHA3-256)", () => {
    expect(hex(keccak256(new Uint8Array()))).toBe("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(hex(keccak256(new TextEncoder().encode("abc")))).toBe(
      "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
    // Longer than one 136-byte block.
    expect(hex(keccak256(new Uint8Array(200)))).toHaveLength(64);
  });

  it.each([
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
  ])("checksums %s as EIP-55 does", (address) => {
    expect(checksumAddress(address.toLowerCase())).toBe(address);
    expect(() => checksumAddress("0x123")).toThrow();
  });

  it("gives every simulated CoinMarketCap token a checksummed address", () => {
    const tokens = new Market(42).assets.flatMap((asset) => (asset.cmc?.platform ? [asset.cmc.platform] : []));
    expect(tokens.length).toBeGreaterThan(250);
    for (const { token_address } of tokens) expect(checksumAddress(token_address)).toBe(token_address);
  });
});
