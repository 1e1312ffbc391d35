// The fast path's kept answers over a real node:http server and a real view store (SQLite): a
// repeated request gets the same bytes with its own request id, a new view gets new answers, and
// what clients can vary without end stays bounded. test/integration/fast-path.int.test.ts compares the answers
// with Next's.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FastPath, KEPT_ANSWERS } from "../../../lib/web/fast-path";
import { createHistoryView, type HistoryView } from "../../support/history-view";
import { type LocalServer, startLocalServer } from "../../support/http-server";

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let view: HistoryView;
let server: LocalServer;
let base: string;
let fastPath: FastPath;
let requestNumber = 0;

beforeAll(async () => {
  view = await createHistoryView(true);
  fastPath = new FastPath(3, { viewStore: view.viewStore });
  server = await startLocalServer((req, res) => {
    if (!fastPath.serve(req, res, `req-${++requestNumber}`)) {
      // Stands in for Next: whatever the fast path leaves.
      res.writeHead(299, { "content-type": "text/plain" });
      res.end("next");
    }
  });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  await view.cleanup();
});

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpRequest(`${base}${path}`, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) flat[name] = String(value);
        resolve({ status: res.statusCode ?? 0, headers: flat, body });
      });
    })
      .on("error", reject)
      .end();
  });
}

const withoutId = ({ headers: { "x-request-id": _, date: __, ...rest } }: Raw) => rest;

describe("the fast path's kept answers", () => {
  it("answers a repeated request with the same bytes and headers, each with its own request id", async () => {
    const first = await get("/api/top?limit=2&format=csv");
    const second = await get("/api/top?limit=2&format=csv");
    expect(first.status).toBe(200);
    expect(first.body.split("\r\n")[1]).toBe("1,BTC,2002");
    expect(second.body).toBe(first.body);
    expect(withoutId(second)).toEqual(withoutId(first));
    expect(first.headers["x-request-id"]).toMatch(/^req-\d+$/);
    expect(second.headers["x-request-id"]).not.toBe(first.headers["x-request-id"]);
    expect(first.headers["content-length"]).toBe(String(Buffer.byteLength(first.body)));
  });

  it("answers a HEAD with the GET's headers and no body, and a held ETag with 304", async () => {
    const full = await get("/api/top?limit=1");
    const head = await get("/api/top?limit=1", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(withoutId(head)).toEqual(withoutId(full));
    const etag = full.headers.etag ?? "";
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await get("/api/top?limit=1", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    expect(again.headers.etag).toBe(etag);
  });

  it("builds new answers for a new view, with a new ETag", async () => {
    const before = await get("/api/top?limit=2");
    expect(fastPath.keptAnswers).toBeGreaterThan(0);
    await view.newPriceSnapshot("p-new-view");
    const after = await get("/api/top?limit=2");
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(JSON.parse(after.body).meta.pricing.snapshotId).not.toBe(JSON.parse(before.body).meta.pricing.snapshotId);
    // The old ETag no longer matches: a client holding it gets the new body.
    const stale = await get("/api/top?limit=2", { "if-none-match": before.headers.etag ?? "" });
    expect(stale.status).toBe(200);
    expect(fastPath.keptAnswers).toBe(2);
  });

  it("keeps at most KEPT_ANSWERS answers per view, and answers past them alike", async () => {
    await view.newPriceSnapshot("p-bounded");
    for (let i = 0; i < KEPT_ANSWERS + 5; i++) {
      const answer = await get("/api/top?limit=1", { "if-none-match": `"other-${i}"` });
      expect(answer.status).toBe(200);
    }
    expect(fastPath.keptAnswers).toBe(KEPT_ANSWERS);
    const past = await get("/api/top?limit=1", { "if-none-match": '"one-more"' });
    expect(withoutId(past)).toEqual(withoutId(await get("/api/top?limit=1")));
  });

  it("keeps a bad request's 400, and leaves `/` (page or CSV) and other paths to Next", async () => {
    const bad = await get("/api/top?limit=0");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe("invalid_limit");
    expect((await get("/api/top?limit=0")).body).toBe(bad.body);
    expect((await get("/?limit=2", { accept: "text/html" })).status).toBe(299);
    expect((await get("/coins/bitcoin")).status).toBe(299);
    expect((await get("/api/top", {}, "POST")).status).toBe(299);
    expect((await get("/?limit=2", { accept: "*/*" })).status).toBe(299);
  });

  it("keeps nothing when tracing is on, so every answer has its lookup span", async () => {
    const traced = new FastPath(3, { viewStore: view.viewStore, traced: true });
    const tracedServer = await startLocalServer((req, res) => void traced.serve(req, res, "traced"));
    try {
      const url = `${tracedServer.url}/api/top?limit=2`;
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url)).status).toBe(200);
      expect(traced.keptAnswers).toBe(0);
    } finally {
      await tracedServer.close();
    }
  });
});
