// The web server's fast path: GET and HEAD of /api/top, /api/health and `/` for curl, answered
// from the view store's prepared bodies before Next sees the request (a lookup plus a write). The
// answers come from the same functions as the route handlers'; this adds what Next adds on its
// way out (next.config.ts headers(), its Vary, the proxy's rewrite marker), so the bytes and
// headers are the same on both paths (test/fast-path.int.test.ts compares them).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer, AnswerRequest } from "./answer";
import { answerHealth } from "./health-handler";
import { wantsPage } from "./negotiate";
import { CORS_HEADERS, SECURITY_HEADERS } from "./security-headers";
import { answerTop } from "./top-handler";
import { readyViewStore } from "./view-store";

// Next's app router puts these first in Vary on every app route's answer.
const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

const PAGE_HEADERS = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]));
const API_HEADERS = {
  ...PAGE_HEADERS,
  ...Object.fromEntries(CORS_HEADERS.map(({ key, value }) => [key.toLowerCase(), value])),
};

const ANSWERED = new WeakSet<ServerResponse>();

/** True when the fast path wrote this response (for the request log line). */
export function answeredByFastPath(res: ServerResponse): boolean {
  return ANSWERED.has(res);
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/** True when the request was answered here; false: Next answers it. Never throws for a bad request. */
export async function serveFastPath(req: IncomingMessage, res: ServerResponse, depth: number): Promise<boolean> {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const raw = req.url ?? "/";
  const queryAt = raw.indexOf("?");
  const pathname = queryAt === -1 ? raw : raw.slice(0, queryAt);
  if (pathname !== "/api/top" && pathname !== "/api/health" && pathname !== "/") return false;
  const search = queryAt === -1 ? "" : raw.slice(queryAt);
  const url = new URL(`http://localhost${pathname}${search}`);

  let answer: Answer;
  let extra: Record<string, string>;
  if (pathname === "/") {
    // As proxy.ts: browsers and Next's router get the page; everything else the CSV (or JSON) list.
    const headers = new Headers();
    for (const name of ["accept", "rsc", "next-router-state-tree"]) {
      const value = headerOf(req, name);
      if (value !== null) headers.set(name, value);
    }
    if (wantsPage(headers, url.searchParams)) return false;
    const accept = /application\/json/i.test(headers.get("accept") ?? "") ? headers.get("accept") : "text/csv";
    const request = requestOf(req, url, accept);
    answer = answerTop(request, await readyViewStore(), depth);
    extra = { ...PAGE_HEADERS, "x-middleware-rewrite": `/api/top${url.search}` };
  } else {
    const request = requestOf(req, url, headerOf(req, "accept"));
    const viewStore = await readyViewStore();
    answer = pathname === "/api/top" ? answerTop(request, viewStore, depth) : answerHealth(request, viewStore);
    extra = API_HEADERS;
  }
  // A client that takes deflate but neither br nor gzip: Next's compression deflates; Next answers it.
  if (answer.coding === "deflate") return false;
  ANSWERED.add(res);
  const vary = answer.headers.vary;
  res.writeHead(answer.status, { ...extra, ...answer.headers, ...(vary ? { vary: `${NEXT_VARY}, ${vary}` } : {}) });
  res.end(req.method === "HEAD" ? undefined : (answer.body ?? undefined));
  return true;
}

function requestOf(req: IncomingMessage, url: URL, accept: string | null): AnswerRequest {
  return {
    method: req.method ?? "GET",
    url,
    header: (name) => (name === "accept" ? accept : headerOf(req, name)),
    transport: "direct",
  };
}
