// What a log line looks like: JSON by default, text for humans with LOG_PRETTY, secrets redacted.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { BatchedLines, createLogger, lineBytes, tenthsOf, writeTenths } from "./log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

const HEADERS = {
  authorization: "Bearer sekret-bearer",
  "x-cmc_pro_api_key": "sekret-cmc",
  "X-CMC_PRO_API_KEY": "sekret-cmc-upper",
  "x-cg-demo-api-key": "sekret-cg-demo",
  "x-cg-pro-api-key": "sekret-cg-pro",
  cookie: "session=sekret-cookie",
  accept: "application/json",
};

describe("createLogger", () => {
  it("writes one JSON object per line with the level, time, service and message", () => {
    const { lines, destination } = capture();
    createLogger("web", "info", { pretty: false, destination }).info({ route: "/api/top" }, "hello");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "");
    expect(line).toMatchObject({ level: 30, service: "web", name: "web", route: "/api/top", msg: "hello" });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("redacts credential headers at the top of an object and one level down", () => {
    const { lines, destination } = capture();
    const logger = createLogger("web", "info", { pretty: false, destination });
    logger.info({ headers: HEADERS }, "top level");
    logger.info({ req: { headers: HEADERS } }, "nested");
    const expected = {
      authorization: "[redacted]",
      "x-cmc_pro_api_key": "[redacted]",
      "X-CMC_PRO_API_KEY": "[redacted]",
      "x-cg-demo-api-key": "[redacted]",
      "x-cg-pro-api-key": "[redacted]",
      cookie: "[redacted]",
      accept: "application/json",
    };
    expect(JSON.parse(lines[0] ?? "").headers).toEqual(expected);
    expect(JSON.parse(lines[1] ?? "").req.headers).toEqual(expected);
    expect(lines.join("")).not.toContain("sekret");
  });

  it("redacts keys in a logged configuration", () => {
    const { lines, destination } = capture();
    const config = {
      CMC_API_KEY: "k1-sekret",
      COINGECKO_API_KEY: "k2-sekret",
      CRON_SECRET: "k3-sekret",
      REDIS_URL: "redis://app:k4-sekret@cache:6379",
      PORT: 3000,
    };
    createLogger("web", "info", { pretty: false, destination }).info({ config }, "config");
    expect(JSON.parse(lines[0] ?? "").config).toEqual({
      CMC_API_KEY: "[redacted]",
      COINGECKO_API_KEY: "[redacted]",
      CRON_SECRET: "[redacted]",
      REDIS_URL: "[redacted]",
      PORT: 3000,
    });
  });

  it("prints text for humans with pretty on, not JSON, without colour codes when not on a terminal", () => {
    const { lines, destination } = capture();
    createLogger("pricing", "info", { pretty: true, destination }).info(
      { provider: "coinmarketcap", headers: HEADERS },
      "stored pricing snapshot 7",
    );
    const text = lines.join("");
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(pricing\): stored pricing snapshot 7\n/);
    expect(text).toContain('provider: "coinmarketcap"');
    expect(text).not.toContain("sekret");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting the absence of ANSI escapes
    expect(text).not.toMatch(/\u001b\[/);
  });

  it("batches hot-path lines into one write within 50 ms, shaped as pino's own, at the logger's level", async () => {
    const { lines, destination } = capture();
    const logger = createLogger("web", "info", { pretty: false, destination });
    const batched = new BatchedLines(logger);
    batched.write("info", '"event":"request","status":200,"msg":"GET / 200"');
    batched.write("debug", '"event":"request","status":200,"msg":"GET /_next/static/a.js 200"');
    batched.write("info", '"event":"request","status":304,"msg":"GET / 304"');
    expect(lines).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(lines).toHaveLength(1);
    const written = (lines[0] ?? "").split("\n");
    expect(written.at(-1)).toBe("");
    const [first, second] = written.slice(0, -1).map((line) => JSON.parse(line));
    expect(written).toHaveLength(3);
    expect(first).toEqual({
      level: 30,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: "web",
      name: "web",
      event: "request",
      status: 200,
      msg: "GET / 200",
    });
    expect(second).toMatchObject({ status: 304, msg: "GET / 304" });
    // The same keys in the same order as a line pino writes itself.
    logger.info({ event: "request", status: 200 }, "GET / 200");
    expect(Object.keys(JSON.parse(lines[1] ?? ""))).toEqual(Object.keys(first));
  });

  it("writes queued lines at once on flush or past 64 KiB, and nothing when none are queued", () => {
    const { lines, destination } = capture();
    const batched = new BatchedLines(createLogger("web", "debug", { pretty: false, destination }));
    batched.flush();
    expect(lines).toEqual([]);
    batched.write("debug", '"msg":"static"');
    batched.flush();
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ level: 20, msg: "static" });
    const long = `"msg":"${"x".repeat(1000)}"`;
    for (let i = 0; i < 70; i++) batched.write("info", long);
    // Past 64 KiB queued, the batch goes out at once: with the line that crossed it, no later.
    expect(lines).toHaveLength(2);
    const batch = lines[1] ?? "";
    const lineLength = batch.indexOf("\n") + 1;
    expect(batch.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(batch.length - lineLength).toBeLessThan(64 * 1024);
  });

  it("writes bytes straight to the logger's file descriptor, in order with its own lines, multibyte text intact", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "topcoins-log-"));
    try {
      const file = path.join(dir, "web.log");
      const destination = pino.destination({ dest: file, sync: true });
      const logger = createLogger("web", "info", { pretty: false, destination });
      const batched = new BatchedLines(logger);
      logger.info("before");
      batched.write("info", '"path":"/coins/€uro","msg":"GET /coins/€uro 404"');
      batched.flush();
      // Longer than a whole batch, in 3-byte characters: written on its own, after the queued line.
      batched.write("info", '"msg":"queued"');
      batched.write("info", `"msg":"${"€".repeat(30_000)}"`);
      logger.info("after");
      const lines = readFileSync(file, "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => line.msg.slice(0, 20))).toEqual([
        "before",
        "GET /coins/€uro 404",
        "queued",
        "€".repeat(20),
        "after",
      ]);
      expect(lines[1]).toMatchObject({ level: 30, service: "web", path: "/coins/€uro" });
      expect(lines[3].msg).toHaveLength(30_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes a prepared line as the same JSON as the same fields given as text, at the time of its uptime", async () => {
    const { lines, destination } = capture();
    const logger = createLogger("web", "info", { pretty: false, destination });
    const batched = new BatchedLines(logger);
    const line = {
      level: "info" as const,
      head: lineBytes('"event":"request","requestId":"'),
      middle: lineBytes('","route":"/coins/[id]","path":"/coins/€","status":404,"durationMs":'),
      tail: lineBytes(',"msg":"GET /coins/€ 404"'),
    };
    const uptime = Math.floor(performance.now());
    const before = Date.now();
    batched.writePrepared(line, "req-1", 123, uptime);
    batched.write(
      "info",
      '"event":"request","requestId":"req-1","route":"/coins/[id]","path":"/coins/€","status":404,"durationMs":12.3,"msg":"GET /coins/€ 404"',
    );
    batched.writePrepared({ ...line, level: "debug" }, "req-2", 0, uptime);
    batched.flush();
    const [prepared, written, more] = (lines[0] ?? "").trimEnd().split("\n");
    expect(more).toBeUndefined();
    const { time, ...fields } = JSON.parse(prepared ?? "");
    const { time: _, ...writtenFields } = JSON.parse(written ?? "");
    expect(fields).toEqual(writtenFields);
    expect(Object.keys(JSON.parse(prepared ?? ""))).toEqual(Object.keys(JSON.parse(written ?? "")));
    expect(fields).toMatchObject({ level: 30, requestId: "req-1", durationMs: 12.3, path: "/coins/€" });
    // The time comes from the performance clock anchored to the wall clock: within a few ms of it.
    expect(Math.abs(Date.parse(time) - before)).toBeLessThan(50);
  });

  it("writes tenths of a millisecond as JSON writes the number of milliseconds", () => {
    const bytes = Buffer.alloc(32);
    const written = (ms: number) => bytes.toString("latin1", 0, writeTenths(bytes, 0, tenthsOf(ms)));
    const cases = [0, 0.04, 0.05, 0.1, 1.25, 9.96, 10, 12.34, 999.95, 60_000.7, 86_400_000.1];
    expect(cases.map(written)).toEqual(cases.map((ms) => JSON.stringify(Math.round(ms * 10) / 10)));
    expect(written(-3)).toBe("0");
  });

  it("writes a prepared line too long for a batch on its own, after the queued ones, as the same JSON", () => {
    const { lines, destination } = capture();
    const batched = new BatchedLines(createLogger("web", "info", { pretty: false, destination }));
    const path = `/coins/${"€".repeat(30_000)}`;
    const line = {
      level: "info" as const,
      head: lineBytes('"event":"request","requestId":"'),
      middle: lineBytes(`","path":"${path}","status":404,"durationMs":`),
      tail: lineBytes(',"msg":"long"'),
    };
    batched.writePrepared({ ...line, middle: lineBytes('","status":200,"durationMs":') }, "short", 5, 1);
    batched.writePrepared(line, "long-1", 1234, 1);
    batched.flush();
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ requestId: "short", status: 200, durationMs: 0.5 });
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ requestId: "long-1", path, status: 404, durationMs: 123.4 });
  });
});
