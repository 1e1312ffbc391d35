// The unit project's setup: a unit test starts no process and opens no port. Any attempt throws,
// naming where such a test belongs, so a test that needs a server or a process cannot land as a
// unit test by mistake. (Clients may connect out: the store suites reach PostgreSQL when asked.)
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";

function refuse(what: string) {
  return () => {
    throw new Error(`a unit test must not ${what}: tests that do belong in test/integration/ (*.int.test.ts)`);
  };
}

net.Server.prototype.listen = refuse("open a port (listen)");
const processes = childProcess as unknown as Record<string, unknown>;
for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
  processes[name] = refuse(`start a process (${name})`);
}
// Named imports (`import { spawn } from "node:child_process"`) see the replacements too.
syncBuiltinESMExports();
