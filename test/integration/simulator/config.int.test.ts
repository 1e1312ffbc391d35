import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSimulatorConfig } from "../../../simulator/config";
import { startSimulator } from "../../../simulator/server";
import { CMC_PATH } from "../../support/simulator";

describe("loadSimulatorConfig", () => {
  it("has defaults for everything", () => {
    expect(loadSimulatorConfig({})).toEqual({
      port: 4100,
      host: "127.0.0.1",
      seed: 42,
      tickSeconds: 10,
      cmcKey: "sim-cmc-key",
      cryptocompareKey: "sim-cc-key",
    });
  });

  it("reads the variables, treating empty ones as unset", () => {
    const config = loadSimulatorConfig({ SIMULATOR_PORT: "0", SEED: "7", SIM_TICK_SECONDS: "0", SIM_CMC_KEY: "" });
    expect(config).toMatchObject({ port: 0, seed: 7, tickSeconds: 0, cmcKey: "sim-cmc-key" });
  });

  it("leaves CoinGecko keyless unless SIM_COINGECKO_KEY is set", () => {
    expect(loadSimulatorConfig({ SIM_COINGECKO_KEY: "" })).not.toHaveProperty("coingeckoKey");
    expect(loadSimulatorConfig({ SIM_COINGECKO_KEY: " cg-demo " }).coingeckoKey).toBe("cg-demo");
  });

  it.each([
    ["SIMULATOR_PORT", "70000"],
    ["SIMULATOR_PORT", "http"],
    ["SEED", "1.5"],
    ["SIM_TICK_SECONDS", "-1"],
  ])("names the invalid variable %s=%s", (name, value) => {
    expect(() => loadSimulatorConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid simulator environment: ${name}=`),
    );
  });
});

describe("lifecycle", () => {
  it("close() ends hanging requests instead of waiting for them", async () => {
    const sim = await startSimulator({ port: 0 });
    await fetch(`${sim.url}/_sim/fault`, { method: "POST", body: JSON.stringify({ target: "all", mode: "hang" }) });
    const pending = fetch(`${sim.url}${CMC_PATH}`, { headers: { "X-CMC_PRO_API_KEY": sim.cmcKey } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it("the CLI prints one JSON line with the URL and keys, and exits cleanly on SIGTERM", async () => {
    const tsx = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");
    const child = spawn(tsx, [path.resolve(import.meta.dirname, "../../../bin/simulator.ts")], {
      env: { ...process.env, SIMULATOR_PORT: "0", SIM_TICK_SECONDS: "1", SEED: "9" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
        });
        exited.then((code) => reject(new Error(`exited early with ${code}`)));
      });
      const log = JSON.parse(line) as { url: string; cmcKey: string; cryptocompareKey: string; seed: number };
      expect(log).toMatchObject({ cmcKey: "sim-cmc-key", cryptocompareKey: "sim-cc-key", seed: 9 });
      const health = (await (await fetch(`${log.url}/_sim/health`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
