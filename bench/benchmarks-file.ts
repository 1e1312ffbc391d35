// BENCHMARKS.md, where the measuring scripts record their results.
import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";

/** Appends a section, then formats the file: Biome checks Markdown too, so `npm run lint` stays green. */
export function appendToBenchmarks(section: string, file = "BENCHMARKS.md"): void {
  appendFileSync(file, section);
  execFileSync("node_modules/.bin/biome", ["format", "--write", file], { stdio: "ignore" });
}
