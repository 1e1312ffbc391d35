// The command-line options of `npm run bench` and `npm run bench:history`, checked before anything
// starts, so a bad value costs no stack start-up and says what it should be.
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Seconds per autocannon run. */
  duration: number;
  /** Interleaved rounds of every scenario on both servers. */
  rounds: number;
  connections: number;
  append: boolean;
}

export function parseBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: "string", default: "10" },
      rounds: { type: "string", default: "5" },
      connections: { type: "string", default: "50" },
      "no-append": { type: "boolean", default: false },
    },
  });
  const whole = (name: "duration" | "rounds" | "connections") => {
    const text = values[name];
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1) throw new Error(`--${name} must be a whole number from 1; got "${text}"`);
    return value;
  };
  return {
    duration: whole("duration"),
    rounds: whole("rounds"),
    connections: whole("connections"),
    append: !values["no-append"],
  };
}

export interface BenchHistoryOptions {
  /** The PostgreSQL server to measure on (a temporary database is made there); undefined: SQLite only. */
  postgresUrl: string | undefined;
  /** The URL came from TEST_DATABASE_URL, not --postgres. */
  postgresFromEnv: boolean;
  /** An SQLite file to measure in instead of a temporary one. */
  sqliteFile: string | undefined;
}

export function parseBenchHistoryOptions(args: string[], env: Record<string, string | undefined>): BenchHistoryOptions {
  const { values, positionals } = parseArgs({
    args,
    options: { postgres: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new Error(`one SQLite file at most; got ${positionals.length} arguments`);
  const postgresUrl = values.postgres ?? (env.TEST_DATABASE_URL || undefined);
  if (postgresUrl !== undefined && !/^postgres(ql)?:\/\/./.test(postgresUrl)) {
    const from = values.postgres === undefined ? "TEST_DATABASE_URL" : "--postgres";
    throw new Error(`${from} must be a postgres:// or postgresql:// URL; got "${postgresUrl.split("@").at(-1)}"`);
  }
  return {
    postgresUrl,
    postgresFromEnv: values.postgres === undefined && postgresUrl !== undefined,
    sqliteFile: positionals[0],
  };
}
