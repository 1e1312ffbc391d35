import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendToBenchmarks } from "../../../bench/benchmarks-file";

describe("appendToBenchmarks", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "topcoins-benchmarks-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("adds a section at the end of BENCHMARKS.md, formatted as Biome wants, and keeps the latest entries", () => {
    const file = path.join(dir, "BENCHMARKS.md");
    copyFileSync("BENCHMARKS.md", file);
    const before = readFileSync(file, "utf8");

    appendToBenchmarks(
      "\n### Merge and rebuild, 2099-01-01\n\nCommand: `npm run bench:merge`.\n\n| step | median |\n|---|---|\n| merge | 4.1 ms |\n",
      file,
    );

    expect(readFileSync(file, "utf8")).toBe(
      `${before}\n### Merge and rebuild, 2099-01-01\n\nCommand: \`npm run bench:merge\`.\n\n| step  | median |\n| ----- | ------ |\n| merge | 4.1 ms |\n`,
    );
  });
});
