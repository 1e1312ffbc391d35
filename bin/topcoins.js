#!/usr/bin/env node
// The `topcoins` command (package.json "bin"): the compiled CLI (dist/cli.js, made by
// `npm run build`), or in a checkout that has not built yet, the TypeScript source through tsx
// (a development dependency), registered with the project's own tsconfig so it works from any
// working directory.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist", "cli.js");
let main;
if (existsSync(compiled)) {
  ({ main } = await import(pathToFileURL(compiled).href));
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: join(root, "tsconfig.json") });
  ({ main } = await import("../cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
