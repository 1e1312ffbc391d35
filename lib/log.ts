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
  if (!usePretty) return options.destination ? pino(settings, options.destination) : pino(settings);
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
