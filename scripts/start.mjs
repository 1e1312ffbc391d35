// `npm start`: the whole stack from the compiled output (dist/, made by `npm run build` beside
// Next's .next/), so production runs JavaScript and needs no TypeScript loader. Plain JavaScript
// itself: it builds first when either output is missing, then hands over to the compiled launcher.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(".next/BUILD_ID") || !existsSync("dist/stack.js")) {
  console.log("[stack] no production build yet: running `npm run build` first");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
process.argv.splice(2, 0, "start");
await import(new URL("../dist/stack.js", import.meta.url).href);
