// What Top Coins' own code allocates per fast-path answer: the web server's request wrapper (id,
// metrics, log line) around the fast path, answering /api/top from a real view store (SQLite),
// with the log going through the real byte path to /dev/null. node:http is left out: the request
// and response are stand-ins that take the status, headers and bytes, so what is counted is ours.
// Run with a new space too large to be collected during the count (`npm run bench:merge` does):
//   node --import tsx --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 bench/fast-path-allocation.ts
// Prints one JSON object: bytes per answer for each case.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getHeapSpaceStatistics } from "node:v8";
import pino from "pino";
import { createLogger } from "@/lib/log";
import { FastPath } from "@/lib/web/fast-path";
import { createHistoryView } from "@/test/support/history-view";
import { observeRequests } from "../lib/web/request-observer";

const ANSWERS = 200_000;
const WARM_UP = 50_000;

export interface AllocationCase {
  name: string;
  status: number;
  bytesPerAnswer: number;
}

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("run with --expose-gc (see the header of this file)");

function newSpaceUsed(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_used_size ?? 0;
}

const view = await createHistoryView(true);
try {
  const fastPath = new FastPath(3, { viewStore: view.viewStore });
  const destination = pino.destination({ dest: "/dev/null", sync: true });
  const observed = observeRequests(
    () => {
      throw new Error("every case here is a fast-path answer");
    },
    {
      logger: createLogger("web", "info", { pretty: false, destination }),
      routeOf: () => "/api/top",
      fastPath,
      traced: false,
    },
  );

  const response = {
    statusCode: 200,
    bytes: 0,
    headers: [] as string[],
    writeHead(status: number, headers: string[]) {
      this.statusCode = status;
      this.headers = headers;
      return this;
    },
    end(body?: Buffer) {
      this.bytes += body?.length ?? 0;
      return this;
    },
  };
  const res = response as unknown as ServerResponse;
  const request = (headers: Record<string, string>) =>
    ({ method: "GET", url: "/api/top?limit=3", headers }) as unknown as IncomingMessage;

  // The ETag of the current answer, for the 304s.
  observed(request({ "x-request-id": "first" }), res);
  // The fast path writes its headers as one flat list: name, value, name, value…
  const etag = response.headers[response.headers.indexOf("etag") + 1];
  if (response.statusCode !== 200 || !response.headers.includes("etag") || !etag) {
    throw new Error(`the first answer was ${response.statusCode} without an ETag`);
  }

  const cases: Array<{ name: string; req: IncomingMessage }> = [
    { name: "304, the caller's request id", req: request({ "if-none-match": etag, "x-request-id": "caller-7" }) },
    { name: "200 JSON, the caller's request id", req: request({ "x-request-id": "caller-7" }) },
    { name: "304, a new request id", req: request({ "if-none-match": etag }) },
  ];
  const results: AllocationCase[] = [];
  for (const { name, req } of cases) {
    for (let i = 0; i < WARM_UP; i++) observed(req, res);
    observed.flushLog();
    collect();
    // Reading the figures allocates too: measured once with nothing between, and taken off.
    const idle0 = newSpaceUsed();
    const idle1 = newSpaceUsed();
    const before = newSpaceUsed();
    for (let i = 0; i < ANSWERS; i++) observed(req, res);
    const after = newSpaceUsed();
    if (after < before) throw new Error(`${name}: a collection ran during the count; raise the new space`);
    results.push({ name, status: response.statusCode, bytesPerAnswer: (after - before - (idle1 - idle0)) / ANSWERS });
  }
  console.log(JSON.stringify(results));
} finally {
  await view.cleanup();
}
