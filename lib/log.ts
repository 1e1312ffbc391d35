// Structured JSON logs (pino), one object per line; LOG_PRETTY=1 prints them for humans instead.
// Secrets are redacted wherever they might appear in a logged object.
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getConfig } from "./config";

export type { Logger } from "pino";

/** Request and upstream headers that carry credentials, in the spellings the code and Node use. */
const SECRET_HEADERS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "x-cmc_pro_api_key",
  "X-CMC_PRO_API_KEY",
  "x-cg-demo-api-key",
  "x-cg-pro-api-key",
];

export const REDACT_PATHS = [
  "apiKey",
  "*.apiKey",
  // `headers` at the top of a log object or one level down (`req.headers`, `request.headers`).
  ...SECRET_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
  "config.CMC_API_KEY",
  "config.CRYPTOCOMPARE_API_KEY",
  "config.COINGECKO_API_KEY",
  "config.CRON_SECRET",
  "CMC_API_KEY",
  "CRYPTOCOMPARE_API_KEY",
  "COINGECKO_API_KEY",
  "CRON_SECRET",
];

export interface LoggerOptions {
  /** Human-readable output (pino-pretty); default: LOG_PRETTY. */
  pretty?: boolean;
  /** Where lines go; default: stdout. */
  destination?: DestinationStream;
}

/** A logger for one process or component; `name` appears on every line. */
export function createLogger(name: string, level: string = getConfig().LOG_LEVEL, options: LoggerOptions = {}): Logger {
  const settings = {
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  const usePretty = options.pretty ?? (level !== "silent" && getConfig().LOG_PRETTY);
  // stdout written synchronously: a line is out before the next statement (and before an exit), and
  // the web's batched request lines cost less than through pino's default asynchronous writer,
  // whose hand-off to libuv's threadpool competed with the server for the cores under load.
  if (!usePretty) return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: true }));
  // pino-pretty as a stream in this thread, not as a transport: a transport's worker thread does
  // not survive Next's bundling, and a stream works the same whether stdout is a terminal or a pipe.
  const stream = pretty({
    destination: options.destination ?? 1,
    colorize: options.destination === undefined && process.stdout.isTTY === true,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,service",
    sync: true,
  });
  return pino(settings, stream);
}

/**
 * Log lines for a hot path, as pino would write them, serialized by the caller and written through
 * the logger's own stream in batches: within 50 ms, or at once past 64 KiB. pino's work per line (redaction, serializing an
 * object, one write each) costs more than a fast-path answer itself. The caller's fields must hold
 * nothing to redact: a JSON member list without braces, the message last (`"status":200,"msg":"…"`).
 */
const BATCH_MS = 50;
const BATCH_CHARS = 64 * 1024;

export class BatchedLines {
  private pending = "";
  private scheduled = false;
  private isoMs = -1;
  private iso = "";
  private readonly stream: { write(chunk: string): unknown };
  private readonly bindings: string;

  constructor(private readonly logger: Logger) {
    const internals = logger as unknown as Record<symbol, unknown>;
    this.stream = internals[pino.symbols.streamSym] as { write(chunk: string): unknown };
    // The logger's base fields (`,"service":"web","name":"web"`), as pino prefixes them.
    this.bindings = String(internals[pino.symbols.chindingsSym] ?? "");
  }

  /** Queues one line at `level` when the logger writes that level. */
  write(level: "debug" | "info", fields: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const now = Date.now();
    if (now !== this.isoMs) {
      this.isoMs = now;
      this.iso = new Date(now).toISOString();
    }
    const value = this.logger.levels.values[level];
    this.pending += `{"level":${value},"time":"${this.iso}"${this.bindings},${fields}}\n`;
    if (this.pending.length >= BATCH_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), BATCH_MS).unref();
    }
  }

  /** Writes what is queued now (the server calls it before exiting). */
  flush(): void {
    this.scheduled = false;
    if (this.pending === "") return;
    const chunk = this.pending;
    this.pending = "";
    this.stream.write(chunk);
  }
}
