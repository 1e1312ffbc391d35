import { describe, expect, it } from "vitest";
import { canonicalAddress, canonicalChain, contractKey, contractOf } from "./contracts";

describe("contracts", () => {
  it.each([
    ["ethereum", "ethereum"],
    ["ETH", "ethereum"],
    ["binance-smart-chain", "bsc"],
    ["BNB", "bsc"],
    ["bnb", "bsc"],
    ["polygon-pos", "polygon"],
    ["MATIC", "polygon"],
    ["the-open-network", "ton"],
    ["Some New Chain", "some new chain"],
    ["N/A", null],
    ["", null],
  ])("chain %j → %j", (raw, chain) => {
    expect(canonicalChain(raw)).toBe(chain);
  });

  it("compares EVM addresses without their checksum case and keeps other chains' addresses as written", () => {
    expect(canonicalAddress("0x6B175474E89094C44Da98b954EedeAC495271d0F")).toBe(
      "0x6b175474e89094c44da98b954eedeac495271d0f",
    );
    expect(canonicalAddress("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")).toBe(
      "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
    );
    expect(canonicalAddress("N/A")).toBeNull();
    expect(canonicalAddress("0x0000000000000000000000000000000000000000")).toBeNull();
    expect(canonicalAddress("0x12")).toBeNull();
  });

  it("makes one key for the same contract written by two providers", () => {
    const cc = contractOf("ETH", "0xdac17f958d2ee523a2206206994597c13d831ec7");
    const cmc = contractOf("ethereum", "0xdAC17F958D2ee523a2206206994597C13D831ec7");
    expect(cc).toEqual(cmc);
    expect(contractKey(cc!)).toBe("ethereum:0xdac17f958d2ee523a2206206994597c13d831ec7");
    expect(contractOf("ETH", "N/A")).toBeNull();
  });
});
