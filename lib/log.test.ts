// What a log line looks like: JSON by default, text for humans with LOG_PRETTY, secrets redacted.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bufferedDestination, createLogger } from "./log";

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

  it("buffers lines into batches, written within 50 ms, at once past 16 KiB, and all on flushSync (as at exit)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "topcoins-log-"));
    const file = path.join(dir, "out.log");
    try {
      const destination = bufferedDestination(file);
      const logger = createLogger("web", "info", { pretty: false, destination });
      logger.info({ event: "request", status: 200 }, "GET /api/top 200");
      logger.debug({ event: "request" }, "GET /_next/static/a.js 200");
      expect(readFileSync(file, "utf8")).toBe("");
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [first, rest] = readFileSync(file, "utf8").split("\n");
      expect(JSON.parse(first ?? "")).toMatchObject({ service: "web", status: 200, msg: "GET /api/top 200" });
      expect(rest).toBe("");
      // 200 lines of about 150 bytes pass 16 KiB: written at once, without waiting for the timer.
      for (let i = 0; i < 200; i++) logger.info({ i, pad: "x".repeat(40) }, "line");
      const lines = readFileSync(file, "utf8").trimEnd().split("\n");
      expect(lines.length).toBeGreaterThan(60);
      expect(lines.length).toBeLessThan(201);
      destination.flushSync();
      const all = readFileSync(file, "utf8").trimEnd().split("\n");
      expect(all.map((line) => JSON.parse(line).i).slice(1)).toEqual([...Array(200).keys()]);
      destination.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes to a file descriptor it was given, whole lines in order, and leaves the descriptor open", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "topcoins-log-"));
    const file = path.join(dir, "fd.log");
    const fd = openSync(file, "a");
    try {
      const destination = bufferedDestination(fd);
      const logger = createLogger("web", "info", { pretty: false, destination });
      // Lines with multi-byte text: the batch is written as bytes, not characters.
      for (let i = 0; i < 500; i++) logger.info({ i, name: "比特币 €" }, "line");
      destination.destroy();
      const lines = readFileSync(file, "utf8").trimEnd().split("\n");
      expect(lines.map((line) => JSON.parse(line).i)).toEqual([...Array(500).keys()]);
      expect(JSON.parse(lines[499] ?? "").name).toBe("比特币 €");
      // Still open: the process's own stdout must outlive a logger.
      expect(writeSync(fd, "end\n")).toBe(4);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
