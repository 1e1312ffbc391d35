// The real launcher in a real process: bin/topcoins.js registers tsx and runs the CLI, from the
// repository or from any other working directory, with the exit code the command returned.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_HELP } from "../../cli/help";
import type { RunningSimulator } from "../../simulator/server";
import { startTestSimulator } from "../support/simulator";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/topcoins.js");

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Only what node needs, so neither the test runner's variables nor a developer's shell leak in.
function launch(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      // NODE_ENV as the stack's tests set it (Next's types require it); the CLI does not read it.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bin/topcoins.js", () => {
  let elsewhere: string;
  let sim: RunningSimulator;
  beforeAll(async () => {
    elsewhere = await mkdtemp(path.join(tmpdir(), "topcoins-cli-"));
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    await sim.close();
    await rm(elsewhere, { recursive: true, force: true });
  });

  it("prints the help and exits 0, from the repository and from another directory", async () => {
    expect(await launch(["--help"], ROOT)).toEqual({ code: 0, stdout: MAIN_HELP, stderr: "" });
    expect(await launch(["--help"], elsewhere)).toEqual({ code: 0, stdout: MAIN_HELP, stderr: "" });
  });

  it("exits 2 on an unknown command", async () => {
    expect(await launch(["prices"], elsewhere)).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'topcoins: unknown command "prices"; the commands are top, doctor and overrides\nRun `topcoins --help` for usage.\n',
    });
  });

  it("runs doctor with the configuration of a .env file in the working directory: exit 1 on a missing key", async () => {
    // The .env names the providers; the environment adds what .env does not set.
    await writeFile(
      path.join(elsewhere, ".env"),
      [
        "PRICING_PROVIDER=coinmarketcap",
        `CMC_BASE_URL=${sim.url}`,
        `CRYPTOCOMPARE_BASE_URL=${sim.url}`,
        `DATABASE_URL=file:${path.join(elsewhere, "store.db")}`,
        `OVERRIDES_FILE=${path.join(ROOT, "config/overrides.json")}`,
        "",
      ].join("\n"),
    );
    const result = await launch(["doctor"], elsewhere, { CRYPTOCOMPARE_API_KEY: sim.cryptocompareKey });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const lines = result.stdout.replace(/\b\d+ ms\b/g, "N ms").split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "ok    ranking    cryptocompare: key accepted (CRYPTOCOMPARE_API_KEY), N ms [simulated]",
      "FAIL  pricing    coinmarketcap: CMC_API_KEY is not set: pricing by CoinMarketCap needs a key — get one at https://pro.coinmarketcap.com/signup, or unset PRICING_PROVIDER to use CoinGecko's keyless API",
    ]);
    expect(result.stdout).not.toContain(sim.cryptocompareKey);
  });
});
