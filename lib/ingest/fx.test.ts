import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { fxIntervalSeconds } from "./fx";

describe("fxIntervalSeconds", () => {
  it("is FX_REFRESH_SECONDS, 300 by default, and 0 turns the rates off", () => {
    expect(fxIntervalSeconds(loadConfig({ COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3" }))).toBe(300);
    expect(fxIntervalSeconds(loadConfig({ FX_REFRESH_SECONDS: "0" }))).toBe(0);
  });

  it("keeps to CoinGecko's 60 s refresh on its public host; a mirror or the simulator polls as configured", () => {
    expect(fxIntervalSeconds(loadConfig({ FX_REFRESH_SECONDS: "5" }))).toBe(60);
    expect(
      fxIntervalSeconds(loadConfig({ FX_REFRESH_SECONDS: "5", COINGECKO_BASE_URL: "http://127.0.0.1:4100/api/v3" })),
    ).toBe(5);
  });
});
