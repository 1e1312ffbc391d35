#!/usr/bin/env node
// The `topcoins` command (package.json "bin"). The CLI is TypeScript: register tsx with the
// project's own tsconfig, so it works from any working directory, then run it.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: join(root, "tsconfig.json") });
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
