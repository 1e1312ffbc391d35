// What a command may touch besides the store and the network: two output streams, the
// configuration's source and the clock. Tests pass their own; the launcher passes the process's.
import { type AppConfig, getConfig, loadConfig } from "../lib/config";

export interface Output {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** Variables to configure from; absent = the process environment plus `.env` (getConfig). */
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

/** The configuration every command uses; throws ConfigError naming each bad variable. */
export function cliConfig(io: CliIo): AppConfig {
  return io.env === undefined ? getConfig() : loadConfig(io.env);
}

export function clock(io: CliIo): () => Date {
  return io.now ?? (() => new Date());
}

/** Writes lines, each ended with a newline. */
export function writeLines(out: Output, lines: readonly string[]): void {
  if (lines.length > 0) out.write(`${lines.join("\n")}\n`);
}
