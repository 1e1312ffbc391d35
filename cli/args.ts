// Strict argument parsing with node:util, turning its errors into short usage messages.
import { type ParseArgsConfig, parseArgs } from "node:util";

/** Bad input on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose --help explains the usage, e.g. "top" or "overrides suggest". */
    readonly command: string | null,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCommandArgs<T extends Options>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
}

// node:util's messages are written for script authors ("place it at the end of the command after
// '--'"); an operator needs the offending token and the way to --help.
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const token = /'([^']+)'/.exec(message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${token}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(token)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      // The token reads "-n, --limit <value>" for an option with a short form: name the long one.
      const option = /--[a-z][\w-]*/i.exec(token)?.[0] ?? token;
      return message.includes("argument missing")
        ? `option ${option} needs a value`
        : `option ${option} takes no value`;
    }
    default:
      return message;
  }
}
