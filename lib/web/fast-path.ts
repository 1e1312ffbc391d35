// The web server's fast path: GET and HEAD of /api/top and /api/health, answered from the view
// store's prepared bodies before Next sees the request. The answers come from the same functions as
// the route handlers', with the headers next.config.ts adds to every API answer, so the bytes and
// our headers are the same on both paths (test/integration/fast-path.int.test.ts compares them).
// A /api/top answer is kept, status, headers and bytes, for the view it came from: a repeated
// request is a map lookup and one write. `/` (the page, or the CSV list for curl) is Next's: the
// proxy tells a browser's and Next's own router's requests from curl's.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer, AnswerRequest } from "./answer";
import { answerHealth } from "./health-handler";
import { headerValue } from "./negotiate";
import { CORS_HEADERS, SECURITY_HEADERS } from "./security-headers";
import { answerTop } from "./top-handler";
import type { TopView } from "./view";
import type { ViewStore } from "./view-store";

const API_HEADERS = {
  ...Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value])),
  ...Object.fromEntries(CORS_HEADERS.map(({ key, value }) => [key.toLowerCase(), value])),
};

/**
 * Kept answers per view. Clients choose the key (limits, Accept, If-None-Match), so past this many
 * the rest are built per request, correct but slower, until the view changes.
 */
export const KEPT_ANSWERS = 512;

/** An answer ready to write: status, headers as one flat list whose last value is the request id, bytes. */
interface ReadyAnswer {
  status: number;
  headers: string[];
  body: Buffer | undefined;
}

/** The request headers an answer depends on (besides the method and URL). */
const VARYING = ["accept", "accept-encoding", "if-none-match"] as const;

/** A kept answer and the header values it answers; absent headers are undefined. */
interface KeptAnswer extends ReadyAnswer {
  shape: Array<string | string[] | undefined>;
}

/** True when the request sends exactly the header values the kept answer was built for. */
function sameShape(kept: KeptAnswer, headers: IncomingMessage["headers"]): boolean {
  const { shape } = kept;
  for (let i = 0; i < VARYING.length; i++) {
    if (shape[i] !== headers[VARYING[i] as string]) return false;
  }
  return true;
}

/** The request's values of the VARYING headers (made outside serve(): a closure there costs every call). */
function shapeOf(req: IncomingMessage): KeptAnswer["shape"] {
  return VARYING.map((name) => req.headers[name]);
}

export interface FastPathOptions {
  /** The view store to answer from, after its first check (readyViewStore()). */
  viewStore: ViewStore;
  /** Tracing is on: nothing is kept, every answer is looked up anew, so each has its lookup span. */
  traced?: boolean;
}

export class FastPath {
  private readonly viewStore: ViewStore;
  private readonly traced: boolean;
  private keptFor: TopView | null = null;
  /** Kept answers by method, then URL as sent, then by header values (most URLs have a few). */
  private readonly kept = { GET: new Map<string, KeptAnswer[]>(), HEAD: new Map<string, KeptAnswer[]>() };
  private keptCount = 0;

  constructor(
    private readonly depth: number,
    { viewStore, traced = false }: FastPathOptions,
  ) {
    this.traced = traced;
    this.viewStore = viewStore;
  }

  /** How many answers are kept for the current view. */
  get keptAnswers(): number {
    return this.keptCount;
  }

  /**
   * Answers the request when it is one of the hot reads, sending `requestId`, and returns true;
   * false: Next answers it. Never throws for a bad request.
   */
  serve(req: IncomingMessage, res: ServerResponse, requestId: string): boolean {
    const { method } = req;
    if (method !== "GET" && method !== "HEAD") return false;
    const raw = req.url ?? "/";
    const { viewStore } = this;
    if (viewStore.current !== this.keptFor) {
      this.kept.GET.clear();
      this.kept.HEAD.clear();
      this.keptCount = 0;
      this.keptFor = viewStore.current;
    }
    // A kept answer first, found without building a key or parsing the URL: nothing is allocated.
    const byUrl = method === "GET" ? this.kept.GET : this.kept.HEAD;
    const variants = byUrl.get(raw);
    if (variants) {
      for (let i = 0; i < variants.length; i++) {
        const kept = variants[i] as KeptAnswer;
        if (sameShape(kept, req.headers)) return this.send(res, kept, requestId);
      }
    }
    const queryAt = raw.indexOf("?");
    const pathname = queryAt === -1 ? raw : raw.slice(0, queryAt);
    if (pathname !== "/api/top" && pathname !== "/api/health") return false;
    if (pathname === "/api/health")
      return this.send(res, this.keep(answerHealth(this.requestOf(req, raw), viewStore), API_HEADERS, req), requestId);

    const answered = this.answer(req, raw, viewStore);
    if (answered === null) return false;
    // Until the first snapshots the answer is a 503 whose message may change with every check.
    const shape = shapeOf(req);
    // A header sent as a list never compares equal: not kept, or it would fill the map.
    if (this.keptFor !== null && !this.traced && this.keptCount < KEPT_ANSWERS && !shape.some(Array.isArray)) {
      const kept = { ...answered, shape };
      if (variants) variants.push(kept);
      else byUrl.set(raw, [kept]);
      this.keptCount++;
    }
    return this.send(res, answered, requestId);
  }

  private answer(req: IncomingMessage, raw: string, viewStore: ViewStore): ReadyAnswer | null {
    return this.keep(answerTop(this.requestOf(req, raw), viewStore, this.depth), API_HEADERS, req);
  }

  /** The answer with next.config.ts's headers, as a flat header list; null when Next must send it (deflate). */
  private keep(answer: Answer, extra: Record<string, string>, req: IncomingMessage): ReadyAnswer | null {
    // A client that takes deflate but neither br nor gzip: Next's compression deflates; Next answers it.
    if (answer.coding === "deflate") return null;
    const headers = { ...extra, ...answer.headers };
    return {
      status: answer.status,
      headers: [...Object.entries(headers).flat(), "x-request-id", ""],
      body: req.method === "HEAD" ? undefined : (answer.body ?? undefined),
    };
  }

  private send(res: ServerResponse, answer: ReadyAnswer | null, requestId: string): boolean {
    if (answer === null) return false;
    // writeHead reads the list before it returns: the shared list can carry this request's id.
    answer.headers[answer.headers.length - 1] = requestId;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return true;
  }

  private requestOf(req: IncomingMessage, raw: string): AnswerRequest {
    return {
      method: req.method ?? "GET",
      url: new URL(`http://localhost${raw}`),
      header: (name) => headerValue(req.headers, name),
      transport: "direct",
    };
  }
}
