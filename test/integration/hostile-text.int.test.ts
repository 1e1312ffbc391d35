// A coin renamed at the simulator to a name and symbol full of terminal escape sequences (an OSC
// window title, an OSC 52 clipboard write, CSI erase and colour, BEL, NUL, a right-to-left
// override, an 8-bit CSI): the services clean the text as they parse each body, and every way the
// list is read, curl's CSV, the API's JSON and CSV, the coin's API, the pages and the CLI, shows
// the printable part and not one byte a terminal would act on.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../harness/stack";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RANK = 3;
const LIMIT = 20;
const HOSTILE_NAME =
  "\u001b]0;pwned\u0007\u001b]52;c;cm0gLXJmIH4=\u001b\\Evil\u001b[2J\u0000 \u001b[31mCoin\u001b[0m\u202e\u0007";
const HOSTILE_SYMBOL = "\u001b[5mZQX\u0007\u009b2J\u0000H\u202e";
const NAME = "Evil Coin";
const SYMBOL = "ZQXH";

// C0 (the line ends the formats write themselves aside), DEL, C1, bidi controls and the invisibles
// the cleaning removes: none may be in any answer.
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]/u;
// The same characters as JSON escapes them: a value that still held them. (A log line's `\\u001b`,
// an escaped backslash before the letters, is the cleaning's own description of what arrived.)
const ESCAPED = /(?<!\\)\\u(?:00[01][0-9a-f]|007f|008[0-9a-f]|009[0-9a-f]|061c|200[bef]|202[a-e]|206[0-9a-f]|feff)/i;

interface Row {
  rank: number;
  id: string;
  rankingId: string;
  symbol: string;
  name: string;
  priceUsd: number | null;
}

/** The exact bytes of an answer, decoded strictly (a malformed byte sequence fails the test). */
async function bytesOf(url: string, accept: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url, { headers: { accept } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The raw bytes first: no ESC, BEL or NUL byte, whatever the decoding.
  expect([...bytes].filter((byte) => byte === 0x1b || byte === 0x07 || byte === 0x00)).toEqual([]);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text };
}

function expectClean(what: string, text: string): void {
  expect(FORBIDDEN.exec(text)?.[0], `${what} holds a forbidden code point`).toBeUndefined();
  expect(ESCAPED.exec(text)?.[0], `${what} holds an escaped forbidden code point`).toBeUndefined();
}

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/topcoins.js"), ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

describe("a coin whose upstream name and symbol are full of escape sequences", () => {
  let database: TestDatabase;
  let logDir: string;
  let stack: RunningStack;
  let row: Row;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    logDir = await mkdtemp(path.join(tmpdir(), "topcoins-hostile-"));
    stack = await startStack({ databaseUrl: database.url, refreshSeconds: 1, logDir });
    const renamed = await fetch(`${stack.simUrl}/_sim/rename`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rank: RANK, name: HOSTILE_NAME, symbol: HOSTILE_SYMBOL }),
    });
    expect(renamed.status).toBe(200);
    const { ccId } = (await renamed.json()) as { ccId: string };
    row = await waitFor(
      "the renamed coin in a new snapshot, cleaned and priced",
      async () => {
        const body = (await (await fetch(`${stack.webUrl}/api/top?limit=${LIMIT}`)).json()) as { data: Row[] };
        const found = body.data.find((candidate) => candidate.rankingId === ccId);
        return found?.name === NAME && found.priceUsd !== null ? found : undefined;
      },
      30_000,
    ).catch((error) => {
      throw new Error(`${String(error)}\n${stack.logs()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
    if (logDir) await rm(logDir, { recursive: true, force: true });
  });

  it("serves the cleaned name and symbol in the API's JSON, with no forbidden byte", async () => {
    expect(row).toMatchObject({ rank: RANK, symbol: SYMBOL, name: NAME });
    const { status, text } = await bytesOf(`${stack.webUrl}/api/top?limit=${LIMIT}`, "application/json");
    expect(status).toBe(200);
    expectClean("/api/top JSON", text);
    expect(text).toContain(`"symbol":"${SYMBOL}","name":"${NAME}"`);
  });

  it("writes the cleaned symbol in curl's CSV and the API's CSV, byte for byte", async () => {
    for (const url of [`${stack.webUrl}/?limit=${LIMIT}`, `${stack.webUrl}/api/top?limit=${LIMIT}&format=csv`]) {
      const { status, type, text } = await bytesOf(url, url.includes("/api/") ? "text/csv" : "*/*");
      expect(status, url).toBe(200);
      expect(type, url).toMatch(/^text\/csv/);
      expectClean(url, text.replaceAll("\r\n", ""));
      const line = text.split("\r\n")[RANK];
      expect(line, url).toMatch(new RegExp(`^${RANK},${SYMBOL},\\d`));
    }
  });

  it("answers the coin's API with the cleaned text", async () => {
    const { status, text } = await bytesOf(`${stack.webUrl}/api/coins/${row.id}`, "application/json");
    expect(status).toBe(200);
    expectClean(`/api/coins/${row.id}`, text);
    expect(JSON.parse(text)).toMatchObject({ data: { id: row.id, symbol: SYMBOL, name: NAME } });
  });

  it("renders the dashboard and the coin page, title included, from the cleaned text", async () => {
    const home = await bytesOf(`${stack.webUrl}/?limit=${LIMIT}`, "text/html");
    expect(home.type).toMatch(/^text\/html/);
    expectClean("the dashboard's HTML", home.text);
    expect(home.text).toContain(NAME);
    const coin = await bytesOf(`${stack.webUrl}/coins/${row.id}`, "text/html");
    expect(coin.status).toBe(200);
    expectClean("the coin page's HTML", coin.text);
    expect(coin.text).toContain(`<title>${NAME} (${SYMBOL}) price · Top Coins</title>`);
  });

  it("prints the cleaned text in `topcoins top`, from the store and from the server", async () => {
    const fromStore = await runCli(["top", "--limit", String(LIMIT)], stack.env);
    expect(fromStore.stderr).toBe("");
    expect(fromStore.code).toBe(0);
    expectClean("topcoins top", fromStore.stdout);
    expect(fromStore.stdout.split("\n")[RANK]).toMatch(new RegExp(`^ +${RANK} {2}${SYMBOL} +${NAME} +${row.id} `));

    const csv = await runCli(["top", "--limit", String(LIMIT), "--format", "csv"], stack.env);
    expectClean("topcoins top --format csv", csv.stdout.replaceAll("\r\n", ""));
    expect(csv.stdout.split("\r\n")[RANK]).toMatch(new RegExp(`^${RANK},${SYMBOL},\\d`));

    const remote = await runCli(["top", "--url", stack.webUrl, "--limit", String(LIMIT)], stack.env);
    expect(remote.code).toBe(0);
    expectClean("topcoins top --url", remote.stdout);
    expect(remote.stdout.split("\n")[RANK]).toMatch(new RegExp(`^ +${RANK} {2}${SYMBOL} +${NAME} +${row.id} `));
  });

  it("logs the cleaning once per value, escaped, and never the raw bytes", async () => {
    const ranking = await readFile(path.join(logDir, "ranking.log"), "utf8");
    const cleaned = ranking
      .split("\n")
      .filter((line) => line.includes("upstream text cleaned"))
      .map((line) => JSON.parse(line) as { provider: string; field: string; text: string; arrived: string });
    expect(cleaned.filter((line) => line.field === "name")).toEqual([
      expect.objectContaining({
        provider: "cryptocompare",
        text: NAME,
        arrived: expect.stringContaining("\\u001b]0;pwned"),
      }),
    ]);
    expect(cleaned.filter((line) => line.field === "symbol")).toEqual([
      expect.objectContaining({ provider: "cryptocompare", text: SYMBOL }),
    ]);
    for (const name of ["ranking.log", "pricing.log", "web.log"]) {
      expectClean(name, (await readFile(path.join(logDir, name), "utf8")).replaceAll("\n", ""));
    }
  });
});
