// What is running: the package version, read at run time from package.json.
import { readFileSync } from "node:fs";
import path from "node:path";

let cached: { name: string; version: string } | undefined;

export function packageInfo(): { name: string; version: string } {
  if (!cached) {
    const raw = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as {
      name?: unknown;
      version?: unknown;
    };
    cached = { name: String(raw.name ?? "topcoins"), version: String(raw.version ?? "0.0.0") };
  }
  return cached;
}
