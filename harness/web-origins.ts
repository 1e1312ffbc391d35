// The origins where a Top Coins web server listens, as the harness started them: the integration
// suite's contract check (test/support/contract-fetch.ts) checks the answers from these origins
// only, not the simulator's or a test's stand-in server. Kept on globalThis: the harness and the
// setup file may load this module apart.
const KEY = Symbol.for("topcoins.webOrigins");
type GlobalWithOrigins = typeof globalThis & { [KEY]?: Set<string> };

function origins(): Set<string> {
  const holder = globalThis as GlobalWithOrigins;
  holder[KEY] ??= new Set();
  return holder[KEY];
}

/** Records that a Top Coins web server listens on this port of the loopback host. */
export function markWebPort(port: number): void {
  origins().add(`http://127.0.0.1:${port}`);
  origins().add(`http://localhost:${port}`);
}

/** True when the origin (`http://127.0.0.1:3000`) is a Top Coins web server the harness started. */
export function isWebOrigin(origin: string): boolean {
  return origins().has(origin);
}
