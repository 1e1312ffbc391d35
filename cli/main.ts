// The `topcoins` command line. run() dispatches to a command and maps every outcome to an exit
// code: 0 ok, 1 a problem found (no data, a failed check), 2 bad usage or bad configuration.
import { readFileSync } from "node:fs";
import { ConfigError } from "../lib/config";
import { UsageError } from "./args";
import { runDoctor } from "./commands/doctor";
import { runOverrides } from "./commands/overrides";
import { runTop } from "./commands/top";
import { DOCTOR_HELP, MAIN_HELP, OVERRIDES_HELP, OVERRIDES_SUGGEST_HELP, TOP_HELP } from "./help";
import type { CliIo } from "./io";

export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = { top: runTop, doctor: runDoctor, overrides: runOverrides };

const HELP_TOPICS: Record<string, string> = {
  top: TOP_HELP,
  doctor: DOCTOR_HELP,
  overrides: OVERRIDES_HELP,
  "overrides suggest": OVERRIDES_SUGGEST_HELP,
};

/** Runs one command line (without `node` and the script) and returns its exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    if (error instanceof UsageError) {
      const command = error.command === null ? "topcoins" : `topcoins ${error.command}`;
      io.stderr.write(`${command}: ${error.message}\nRun \`${command} --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      const problems = error.problems.map((problem) => `  - ${problem}`).join("\n");
      io.stderr.write(
        `topcoins: the configuration is invalid:\n${problems}\nFix these variables in the environment or in .env (see .env.example).\n`,
      );
      return EXIT_USAGE;
    }
    // A failure no command anticipated: say what it was, without a stack trace.
    io.stderr.write(`topcoins: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_PROBLEM;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(MAIN_HELP);
    return EXIT_USAGE;
  }
  if (first === "-h" || first === "--help" || first === "help") {
    const topic = rest.join(" ");
    const text = topic === "" ? MAIN_HELP : HELP_TOPICS[topic];
    if (text === undefined) throw new UsageError(`no help on ${JSON.stringify(topic)}`, null);
    io.stdout.write(text);
    return EXIT_OK;
  }
  if (first === "-v" || first === "--version") {
    io.stdout.write(`topcoins ${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option ${first}`, null);
  const command = COMMANDS[first];
  if (command === undefined) {
    throw new UsageError(`unknown command ${JSON.stringify(first)}; the commands are top, doctor and overrides`, null);
  }
  return command(rest, io);
}

// The CLI may run from any directory (npx), so the version comes from the package's own file.
function packageVersion(): string {
  const raw = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return String(raw.version ?? "0.0.0");
}

/** The launcher's entry (bin/topcoins.js): the process's own streams and configuration. */
export function main(argv: readonly string[]): Promise<number> {
  // `topcoins top --format csv | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT_OK);
    throw error;
  });
  return run(argv, { stdout: process.stdout, stderr: process.stderr });
}
