// The image's HEALTHCHECK, for whichever role the container runs (one image, five roles). Plain
// JavaScript, no tsx: Docker runs it every 30 s. It reads the few variables it needs from the
// environment directly rather than through lib/config, so a check costs one node start.
//   web        GET /api/health on PORT answers 200 (ok or degraded: data is served)
//   pricing,   the process is alive (Docker runs checks only while it is); with METRICS_PORT set,
//   ranking    GET /metrics answers 200, which also catches a stuck event loop
//   simulator  GET /_sim/health on SIMULATOR_PORT answers 200
//   migrate    a one-shot job: healthy while it runs
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const ROLES = ["web", "pricing", "ranking", "migrate", "simulator"];

// Each role's script as the entry point execs it; with an init process (`docker run --init`) as
// PID 1, the role is the argument it passed to the entry point instead.
const SCRIPTS = {
  "dist/web.js": "web",
  "dist/pricing.js": "pricing",
  "dist/ranking.js": "ranking",
  "dist/migrate.js": "migrate",
  "dist/simulator.js": "simulator",
  "bin/web.ts": "web",
  "next/dist/bin/next": "web",
  "bin/pricing.ts": "pricing",
  "bin/ranking.ts": "ranking",
  "bin/migrate.ts": "migrate",
  "bin/simulator.ts": "simulator",
};

/** The role a command line runs, or null for anything else (a shell, the CLI). */
export function roleOf(args) {
  for (const arg of args) {
    for (const [script, role] of Object.entries(SCRIPTS)) if (arg.endsWith(script)) return role;
  }
  return args.find((arg) => ROLES.includes(arg)) ?? null;
}

/** The URL to probe for a role, or null when the process being alive is the whole check. */
export function probeUrl(role, env) {
  if (role === "web") return `http://127.0.0.1:${env.PORT || 3000}/api/health`;
  if (role === "simulator") return `http://127.0.0.1:${env.SIMULATOR_PORT || 4100}/_sim/health`;
  if ((role === "pricing" || role === "ranking") && env.METRICS_PORT) {
    return `http://127.0.0.1:${env.METRICS_PORT}/metrics`;
  }
  return null;
}

async function main() {
  const named = process.argv[2];
  const role = named ?? roleOf(readFileSync("/proc/1/cmdline", "utf8").split("\0").filter(Boolean));
  const url = probeUrl(role, process.env);
  if (url === null) return 0;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
    await response.arrayBuffer();
    if (response.ok) return 0;
    console.error(`${role}: ${url} answered ${response.status}`);
  } catch (error) {
    console.error(`${role}: ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
