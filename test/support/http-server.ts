// Test support: a real node:http server on an ephemeral port, so the clients are exercised over
// real sockets (headers, chunking, resets) rather than a mocked fetch.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { UpstreamError } from "../../lib/http/errors";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler, so one server can play several scenes. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startLocalServer(initial: Handler = (_req, res) => sendJson(res, 404, {})): Promise<LocalServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hung test requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One scripted answer: the HTTP status, a fixture's file name and extra response headers. */
export type Scene = [status: number, fixture: string, headers?: Record<string, string>];

/** A test file's local server, started before its tests and closed after them. */
export interface ScriptedServer {
  /** Base URL without a trailing slash; read it inside a test or hook, once the server is up. */
  readonly url: string;
  /** The requests since the handler was last set. */
  readonly requests: RecordedRequest[];
  /** Replaces the handler and forgets the recorded requests. */
  handle(handler: Handler): void;
  /** Answers every request with one fixture (JSON content type unless the headers say otherwise). */
  serve(fixture: string, status?: number, headers?: Record<string, string>): void;
  /** Answers the nth request with the nth scene; the last scene answers every request after it. */
  serveScenes(...scenes: Scene[]): void;
  /** Serves a fixture per requested `page` query parameter; a missing page answers 500, failing the test. */
  servePages(pages: Record<number, string>, headers?: Record<string, string>): void;
}

/**
 * Registers beforeAll/afterAll hooks for one local server shared by the calling test file, whose
 * scripted answers read fixtures from `<fixtureDir>/fixtures`.
 */
export function setupLocalServer(fixtureDir: string): ScriptedServer {
  let server: LocalServer | undefined;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const current = (): LocalServer => {
    if (!server) throw new Error("the local server runs only between beforeAll and afterAll");
    return server;
  };
  const sendFixture = (res: ServerResponse, [status, fixture, headers]: Scene) =>
    sendText(res, status, readFixture(fixtureDir, fixture), { "content-type": "application/json", ...headers });
  const scripted: ScriptedServer = {
    get url() {
      return current().url;
    },
    get requests() {
      return current().requests;
    },
    handle: (handler) => current().handle(handler),
    serve: (fixture, status = 200, headers = {}) => scripted.serveScenes([status, fixture, headers]),
    serveScenes: (...scenes) =>
      scripted.handle((_req, res, hit) => {
        const scene = scenes[Math.min(hit, scenes.length) - 1];
        if (scene === undefined) throw new Error("no scene");
        sendFixture(res, scene);
      }),
    servePages: (pages, headers = {}) =>
      scripted.handle((req, res) => {
        const page = Number(new URL(req.url ?? "", scripted.url).searchParams.get("page"));
        const fixture = pages[page];
        if (fixture === undefined) return sendText(res, 500, `{"unexpected page": ${page}}`);
        sendFixture(res, [200, fixture, headers]);
      }),
  };
  return scripted;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = { "content-type": "application/json" },
): void {
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, JSON.stringify(body), { "content-type": "application/json", ...headers });
}

/** Reads a fixture as text at run time: prices never pass through a bundler's JSON import. */
export function readFixture(dir: string, name: string): string {
  return readFileSync(path.join(dir, "fixtures", name), "utf8");
}

/** A fixture parsed at run time, for asserting exact values against the client's output. */
export function loadFixture(dir: string, name: string): unknown {
  return JSON.parse(readFixture(dir, name));
}

/** A sleep that records the waits instead of waiting. */
export function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

/**
 * Awaits a promise that must reject with an UpstreamError and returns that error. Fails when it
 * resolves, rejects with anything else, or when a secret shows up in the message or the log form.
 */
export async function catchUpstreamError(
  promise: Promise<unknown>,
  secrets: readonly string[] = [],
): Promise<UpstreamError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof UpstreamError)) {
    throw new Error(`expected an UpstreamError, got ${caught === undefined ? "success" : String(caught)}`);
  }
  const exposed = `${caught.message}\n${JSON.stringify(caught)}\n${String(caught)}`;
  for (const secret of secrets) {
    if (exposed.includes(secret)) throw new Error(`secret leaked into the error: ${caught.message}`);
  }
  return caught;
}
