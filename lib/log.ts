// Structured JSON logs (pino), one object per line; LOG_PRETTY=1 prints them for humans instead.
// Secrets are redacted wherever they might appear in a logged object.
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import SonicBoom from "sonic-boom";
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

const BATCH_MS = 50;
// The clock as Node has it: Next wraps Date in the web process (to track time read while rendering),
// and a line's time is not rendering. This module loads before Next does.
const wallClock = Date.now;
const WallDate = Date;
const BATCH_BYTES = 64 * 1024;
/** Room past the batch size for the line that crosses it. */
const LINE_ROOM = 16 * 1024;

interface Destination {
  write(chunk: string | Buffer): unknown;
}

/**
 * Where a batch's bytes go. pino's standard destination (sonic-boom on a file descriptor) takes
 * strings only, so bytes go to the same descriptor through a sonic-boom of their own, written
 * synchronously like the logger's, with its retries on a full pipe; any other stream gets text.
 */
function bytesDestination(stream: Destination): (bytes: Buffer) => void {
  const { fd, sync } = stream as { fd?: unknown; sync?: unknown };
  if (stream instanceof SonicBoom && typeof fd === "number" && fd >= 0 && sync === true) {
    const bytes = new SonicBoom({ fd, sync: true, contentMode: "buffer" });
    let open = true;
    // As pino does for its own: a reader gone (EPIPE) ends the writes, not the process.
    bytes.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      open = false;
    });
    // Its types name only the text mode's write; in "buffer" mode write takes a Buffer.
    const write = bytes.write.bind(bytes) as unknown as (chunk: Buffer) => void;
    return (chunk) => {
      if (open) write(chunk);
    };
  }
  return (chunk) => stream.write(chunk.toString("utf8"));
}

/**
 * A line whose fields are bytes prepared in advance around two values: `head`, then an ASCII text
 * (a request id), then `middle`, then a duration (written as milliseconds to one decimal), then
 * `tail` (ending after the last field, before the closing brace).
 */
export interface PreparedLine {
  level: "debug" | "info";
  head: Uint8Array;
  middle: Uint8Array;
  tail: Uint8Array;
}

/** Bytes of text for a PreparedLine. */
export function lineBytes(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}

const ISO_LENGTH = "2026-01-01T00:00:00.000Z".length;
/** Room for a duration: up to 16 digits, a point and one more. */
const NUMBER_ROOM = 24;
const CLOSE = Buffer.from("}\n");

/**
 * Log lines for a hot path, as pino would write them, serialized by the caller and written through
 * the logger's own destination in batches: within 50 ms, or at once past 64 KiB. pino's work per
 * line (redaction, serializing an object, one write each) costs more than a fast-path answer
 * itself. Each line is encoded into the batch's bytes as it is queued, while it is still in the
 * cache: a batch kept as one long string of queued lines outlived young-generation collections and
 * cost more to flatten at the write than the lines cost to build. A prepared line (writePrepared)
 * is only copied. The caller's fields must hold nothing to redact: a JSON member list without
 * braces, the message last (`"status":200,"msg":"…"`).
 */
export class BatchedLines {
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES + LINE_ROOM);
  private used = 0;
  private scheduled = false;
  private isoMs = -1;
  private iso = "";
  private readonly out: (bytes: Buffer) => void;
  private readonly bindings: string;
  /** The uptime (ms, performance clock) of the last prepared line, and the wall clock's offset from it. */
  private lineUptime = -1;
  private wallOffset = 0;
  private anchoredAt = Number.NEGATIVE_INFINITY;
  /** Per level, a line's opening bytes up to its own fields, the time rewritten in place each ms. */
  private readonly starts: Record<PreparedLine["level"], Buffer>;
  private readonly timeAt: number;

  constructor(private readonly logger: Logger) {
    const internals = logger as unknown as Record<symbol, unknown>;
    this.out = bytesDestination(internals[pino.symbols.streamSym] as Destination);
    // The logger's base fields (`,"service":"web","name":"web"`), as pino prefixes them.
    this.bindings = String(internals[pino.symbols.chindingsSym] ?? "");
    const start = (level: PreparedLine["level"]) =>
      Buffer.from(`{"level":${logger.levels.values[level]},"time":"${"0".repeat(ISO_LENGTH)}"${this.bindings},`);
    this.starts = { debug: start("debug"), info: start("info") };
    this.timeAt = `{"level":${logger.levels.values.info},"time":"`.length;
  }

  /** The time of a line at `now` (wall-clock ms), in the prepared openings too. */
  private stamp(now: number): void {
    if (now === this.isoMs) return;
    this.isoMs = now;
    this.iso = new WallDate(now).toISOString();
    // Both levels' numbers have two digits (20, 30), so the time starts at the same place.
    this.starts.debug.write(this.iso, this.timeAt, ISO_LENGTH, "latin1");
    this.starts.info.write(this.iso, this.timeAt, ISO_LENGTH, "latin1");
  }

  /** Queues one line at `level` when the logger writes that level. */
  write(level: "debug" | "info", fields: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    this.stamp(wallClock());
    const value = this.logger.levels.values[level];
    const line = `{"level":${value},"time":"${this.iso}"${this.bindings},${fields}}\n`;
    // At most 3 bytes per UTF-16 unit: a line that might not fit goes after the queued ones.
    const most = line.length * 3;
    if (most > this.batch.length - this.used) {
      this.flush();
      if (most > this.batch.length) {
        this.out(Buffer.from(line, "utf8"));
        return;
      }
    }
    this.used += this.batch.write(line, this.used, "utf8");
    this.queued();
  }

  /**
   * Queues a prepared line with its text (ASCII only) and a duration in tenths of a millisecond;
   * `uptime` is the whole milliseconds of performance.now() when it happened, for its time. The
   * bytes are copied into the batch: no string is built, nothing is allocated (both numbers are
   * whole, so neither is boxed on the way in).
   */
  writePrepared(line: PreparedLine, text: string, tenths: number, uptime: number): void {
    if (!this.logger.isLevelEnabled(line.level)) return;
    if (uptime !== this.lineUptime) {
      this.lineUptime = uptime;
      // Read again at most once a second: the performance clock does not follow changes of the
      // wall clock, and a read of either allocates.
      if (uptime - this.anchoredAt >= 1000 || uptime < this.anchoredAt) {
        this.wallOffset = wallClock() - performance.now();
        this.anchoredAt = uptime;
      }
      this.stamp(Math.floor(this.wallOffset + uptime));
    }
    const start = this.starts[line.level];
    const most =
      start.length + line.head.length + text.length + line.middle.length + NUMBER_ROOM + line.tail.length + 2;
    if (most > this.batch.length - this.used) {
      this.flush();
      if (most > this.batch.length) {
        const fields = `${Buffer.from(line.head).toString()}${text}${Buffer.from(line.middle).toString()}`;
        this.write(line.level, `${fields}${tenths / 10}${Buffer.from(line.tail).toString()}`);
        return;
      }
    }
    const { batch } = this;
    let at = this.used;
    batch.set(start, at);
    at += start.length;
    batch.set(line.head, at);
    at += line.head.length;
    at += batch.write(text, at, text.length, "latin1");
    batch.set(line.middle, at);
    at += line.middle.length;
    at = writeTenths(batch, at, tenths);
    batch.set(line.tail, at);
    at += line.tail.length;
    batch.set(CLOSE, at);
    this.used = at + CLOSE.length;
    this.queued();
  }

  private queued(): void {
    if (this.used >= BATCH_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(this.flushLater, BATCH_MS).unref();
    }
  }

  // Made once: an arrow inside queued() would cost a context per call, not only when it is made.
  private readonly flushLater = () => this.flush();

  /** Writes what is queued now (the server calls it before exiting). */
  flush(): void {
    this.scheduled = false;
    if (this.used === 0) return;
    const chunk = this.batch.subarray(0, this.used);
    this.used = 0;
    // Both destinations are done with the bytes when they return (written, or copied into text),
    // so the next batch reuses them.
    this.out(chunk);
  }
}

/** Tenths of a millisecond, from milliseconds: a whole number (rounded, never negative). */
export function tenthsOf(ms: number): number {
  return Math.max(Math.round(ms * 10), 0);
}

/**
 * Writes a number of tenths as JSON writes the number of milliseconds (`12`, `12.3`) into `bytes`
 * at `at`, digit by digit; returns the offset after it.
 */
export function writeTenths(bytes: Uint8Array, at: number, tenths: number): number {
  // A duration is never this large; clamped rather than written in another notation.
  const all = Math.min(Math.max(tenths, 0), 9_999_999_999_999);
  const rest = all % 10;
  let whole = (all - rest) / 10;
  let digits = 1;
  for (let left = whole; left >= 10; left = Math.floor(left / 10)) digits++;
  for (let i = digits - 1; i >= 0; i--) {
    bytes[at + i] = 48 + (whole % 10);
    whole = Math.floor(whole / 10);
  }
  let end = at + digits;
  if (rest !== 0) {
    bytes[end] = 46;
    bytes[end + 1] = 48 + rest;
    end += 2;
  }
  return end;
}
