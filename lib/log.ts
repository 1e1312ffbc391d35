// Structured JSON logs (pino), one object per line; LOG_PRETTY=1 prints them for humans instead.
// Secrets are redacted wherever they might appear in a logged object.
import { closeSync, openSync, writeSync } from "node:fs";
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
  // It may carry Redis's password; log describeRedisUrl(url) instead.
  "config.REDIS_URL",
  "CMC_API_KEY",
  "CRYPTOCOMPARE_API_KEY",
  "COINGECKO_API_KEY",
  "CRON_SECRET",
  "REDIS_URL",
];

export interface LoggerOptions {
  /** Human-readable output (pino-pretty); default: LOG_PRETTY. */
  pretty?: boolean;
  /** Where lines go; default: stdout. */
  destination?: DestinationStream;
  /**
   * Lines to stdout gathered into writes of about 16 KiB, and written at least every 50 ms and at
   * exit: for the web, whose request lines, one write each, would cost a system call per answer.
   */
  buffered?: boolean;
}

/**
 * A line's time, as pino's stdTimeFunctions.isoTime writes it, read from the performance clock as
 * Next recommends for measuring (its Date in the web process checks every read of the clock
 * against the render in progress), re-anchored on the wall clock once a second so a stepped system
 * clock is followed, and formatted once per millisecond. Profiled under `npm run bench`'s load,
 * isoTime through Next's Date took 8% of the web's CPU on a CSV answer; this takes under 1%.
 */
let anchoredAt = Number.NEGATIVE_INFINITY;
let wallOffset = 0;
let lastMs = -1;
let lastTime = "";
function isoTime(): string {
  const uptime = performance.now();
  if (uptime - anchoredAt >= 1000) {
    anchoredAt = uptime;
    wallOffset = Date.now() - uptime;
  }
  const ms = Math.floor(wallOffset + uptime);
  if (ms !== lastMs) {
    lastMs = ms;
    lastTime = `,"time":"${new Date(ms).toISOString()}"`;
  }
  return lastTime;
}

/** A buffered destination writes once this many characters are gathered, and at least every FLUSH_MS. */
const BUFFER_CHARS = 16 * 1024;
const FLUSH_MS = 50;

/** A logger for one process or component; `name` appears on every line. */
export function createLogger(name: string, level: string = getConfig().LOG_LEVEL, options: LoggerOptions = {}): Logger {
  const settings = {
    name,
    level,
    base: { service: name },
    timestamp: isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  const usePretty = options.pretty ?? (level !== "silent" && getConfig().LOG_PRETTY);
  if (!usePretty) return pino(settings, options.destination ?? stdout(options.buffered === true));
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
 * stdout, written synchronously: a line is out before the next statement (and before an exit), and
 * it costs less than pino's default asynchronous writer, whose hand-off to libuv's threadpool
 * competed with the web server for the cores under load. Buffered, it writes whole batches of lines.
 */
function stdout(buffered: boolean): DestinationStream {
  return buffered ? bufferedDestination(1) : pino.destination({ dest: 1, sync: true });
}

/** A destination pino writes its lines to (its public `{ write(line) }` interface) that batches them. */
export interface BufferedDestination extends DestinationStream {
  /** Writes what is gathered now (pino's own destinations have the same method; it is called at exit). */
  flushSync(): void;
  /** Writes what is gathered, stops the timer and closes a file this destination opened. */
  destroy(): void;
}

// A pipe whose reader is slow fills up: a write then fails with EAGAIN and is retried after a pause.
const RETRY_PAUSE_MS = 1;
const RETRY_FOR_MS = 1000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * A file descriptor or path written synchronously in batches of lines (see LoggerOptions.buffered):
 * lines are kept as they come and joined once per batch. pino.destination's buffering (sonic-boom's
 * minLength) measures its whole pending buffer on every line, so a line's cost grows with the batch:
 * 2.8 µs a request line with 8 KiB batches against 1.0 µs here (500,000 lines to a file, Node 20,
 * this machine); under `npm run bench` the request lines were the largest part of the web's own
 * work on a small answer. A line never waits longer than FLUSH_MS; at exit everything is written.
 */
export function bufferedDestination(dest: number | string): BufferedDestination {
  const fd = typeof dest === "number" ? dest : openSync(dest, "a");
  let lines: string[] = [];
  let size = 0;
  const writeAll = (text: string) => {
    let bytes = Buffer.from(text);
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    while (bytes.length > 0) {
      try {
        const written = writeSync(fd, bytes);
        bytes = bytes.subarray(written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EAGAIN" || Date.now() > giveUpAt) {
          // Nowhere left to say it (the reader of stdout is gone): the batch is dropped, the process goes on.
          if (code === "EPIPE" || code === "EBADF" || code === "EAGAIN") return;
          throw error;
        }
        Atomics.wait(pause, 0, 0, RETRY_PAUSE_MS);
      }
    }
  };
  const flushSync = () => {
    if (lines.length === 0) return;
    const text = lines.join("");
    lines = [];
    size = 0;
    writeAll(text);
  };
  const timer = setInterval(flushSync, FLUSH_MS);
  timer.unref();
  const onExit = () => flushSync();
  process.once("exit", onExit);
  return {
    write(line: string) {
      lines.push(line);
      size += line.length;
      if (size >= BUFFER_CHARS) flushSync();
    },
    flushSync,
    destroy() {
      flushSync();
      clearInterval(timer);
      process.removeListener("exit", onExit);
      if (typeof dest !== "number") closeSync(fd);
    },
  };
}
