// Starts the real stack (simulator, services, production web) on a temporary SQLite file for the
// browser tests, and hands its URLs to them through the environment.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStack } from "../harness/stack";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "topcoins-e2e-"));
  const stack = await startStack({
    databaseUrl: `file:${path.join(dir, "e2e.db")}`,
    refreshSeconds: 2,
    // CoinGecko (on the simulator) stands by for pricing, as a user would set it up.
    extraEnv: (simUrl) => ({
      COINGECKO_BASE_URL: `${simUrl}/api/v3`,
      PRICING_FALLBACK: "coingecko",
      FAILOVER_PROBE_SECONDS: "2",
      COINGECKO_CALLS_PER_MINUTE: "0",
    }),
  });
  process.env.E2E_BASE_URL = stack.webUrl;
  process.env.E2E_SIM_URL = stack.simUrl;
  return async () => {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
