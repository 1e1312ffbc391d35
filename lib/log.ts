// Structured JSON logs (pino). Secrets are redacted wherever they might appear in a logged object.
import pino, { type Logger } from "pino";
import { getConfig } from "./config";

export type { Logger } from "pino";

export const REDACT_PATHS = [
  "apiKey",
  "*.apiKey",
  "headers.authorization",
  "headers['x-cmc_pro_api_key']",
  "*.headers.authorization",
  "*.headers['x-cmc_pro_api_key']",
  "config.CMC_API_KEY",
  "config.CRYPTOCOMPARE_API_KEY",
  "CMC_API_KEY",
  "CRYPTOCOMPARE_API_KEY",
];

/** A logger for one process or component; `name` appears on every line. */
export function createLogger(name: string, level: string = getConfig().LOG_LEVEL): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  });
}
