// Runs bench/fast-path-allocation.ts in its own Node, with the flags it needs, and reads its result
// (for `npm run bench:merge` and the test that keeps the figure down).
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AllocationCase } from "./fast-path-allocation";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export async function measureFastPathAllocation(): Promise<AllocationCase[]> {
  // A new space of 256 MiB: nothing is collected while the answers are counted.
  const flags = ["--import", "tsx", "--expose-gc", "--min-semi-space-size=256", "--max-semi-space-size=256"];
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, "bench/fast-path-allocation.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", LOG_LEVEL: "info" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as AllocationCase[];
}
