/**
 * Control endpoints under /_sim/: no auth, never subject to faults. They move the market (tick,
 * swap, skew, rename), expose the right answer (truth), switch faults and report request counts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { CmcUsage } from "../cmc-usage";
import { FAULT_TARGETS, type FaultRegistry, faultSpecSchema } from "../faults";
import { intParam, readBody, sendJson } from "../http";
import type { Market } from "../market";
import type { MarketView } from "../market-view";
import type { RequestLog } from "../request-log";
import { truthRows } from "../truth";

export interface ControlDeps {
  market: Market;
  view: MarketView;
  faults: FaultRegistry;
  log: RequestLog;
  /** Credits the simulated CoinMarketCap key has spent; a reset starts it afresh. */
  cmcUsage: CmcUsage;
}

const listSchema = z.enum(["totalvolfull", "mktcapfull"]);
const swapSchema = z.strictObject({
  ranks: z.tuple([z.int().min(1), z.int().min(1)]).refine(([a, b]) => a !== b, "ranks must differ"),
  list: listSchema.default("totalvolfull"),
});
const skewSchema = z.strictObject({
  rank: z.int().min(1),
  list: listSchema.default("totalvolfull"),
  provider: z.enum(["cryptocompare", "coinmarketcap"]),
  pct: z.number().min(-90).max(1000),
});
const renameSchema = z.strictObject({
  rank: z.int().min(1),
  list: listSchema.default("totalvolfull"),
  // Any text at all, escape sequences and controls included (a hostile upstream is the point), within
  // a provider's plausible length: the simulator sends it raw in every body, as such an upstream would.
  name: z.string().min(1).max(200),
  symbol: z.string().min(1).max(200).optional(),
});
const targetSchema = z.enum(FAULT_TARGETS).optional();
const MAX_TICKS_PER_CALL = 100_000;

class BadRequest extends Error {}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("the body is not valid JSON");
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new BadRequest(issuesText(result.error));
  return result.data;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, deps: ControlDeps) {
  try {
    await route(req, res, url, deps);
  } catch (error) {
    if (error instanceof BadRequest) fail(res, 400, "bad_request", error.message);
    else throw error;
  }
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, deps: ControlDeps): Promise<void> {
  const { market, view, faults, log, cmcUsage } = deps;
  const action = `${req.method ?? "GET"} ${url.pathname}`;
  switch (action) {
    case "GET /_sim/health":
      return sendJson(res, 200, { ok: true, tick: market.tick, seed: market.seed });
    case "POST /_sim/tick": {
      const n = intParam(url, "n") ?? 1;
      if (!(n >= 1 && n <= MAX_TICKS_PER_CALL))
        throw new BadRequest(`n must be an integer from 1 to ${MAX_TICKS_PER_CALL}`);
      market.advance(n);
      return sendJson(res, 200, { tick: market.tick });
    }
    case "POST /_sim/swap": {
      const { ranks, list } = parse(swapSchema, await jsonBody(req));
      const count = view.ccRanking(list).length;
      if (ranks.some((rank) => rank > count)) throw new BadRequest(`ranks must be between 1 and ${count}`);
      const result = market.swap(list, ranks[0], ranks[1]);
      return sendJson(res, 200, { tick: market.tick, ...result });
    }
    case "POST /_sim/skew": {
      const { rank, list, provider, pct } = parse(skewSchema, await jsonBody(req));
      const count = view.ccRanking(list).length;
      if (rank > count) throw new BadRequest(`rank must be between 1 and ${count}`);
      return sendJson(res, 200, { tick: market.tick, ...market.skew(list, rank, provider, pct) });
    }
    case "POST /_sim/rename": {
      const { rank, list, name, symbol } = parse(renameSchema, await jsonBody(req));
      const count = view.ccRanking(list).length;
      if (rank > count) throw new BadRequest(`rank must be between 1 and ${count}`);
      try {
        return sendJson(res, 200, { tick: market.tick, ...market.rename(list, rank, name, symbol) });
      } catch (error) {
        if (error instanceof RangeError) throw new BadRequest(error.message);
        throw error;
      }
    }
    case "GET /_sim/truth": {
      const list = parse(listSchema.default("totalvolfull"), url.searchParams.get("list") ?? undefined);
      const count = view.ccRanking(list).length;
      const limit = intParam(url, "limit") ?? 200;
      if (!(limit >= 1 && limit <= count)) throw new BadRequest(`limit must be an integer from 1 to ${count}`);
      return sendJson(res, 200, { tick: market.tick, list, rows: truthRows(view, list, limit) });
    }
    case "POST /_sim/fault": {
      const fault = faults.add(parse(faultSpecSchema, await jsonBody(req)));
      return sendJson(res, 201, { fault, faults: faults.list() });
    }
    case "DELETE /_sim/fault": {
      const target = parse(targetSchema, url.searchParams.get("target") ?? undefined);
      const cleared = faults.clear(target);
      return sendJson(res, 200, { cleared, faults: faults.list() });
    }
    case "GET /_sim/faults":
      return sendJson(res, 200, { faults: faults.list() });
    case "GET /_sim/requests":
      return sendJson(res, 200, log.snapshot());
    case "POST /_sim/reset":
      faults.clear();
      log.reset();
      cmcUsage.reset();
      return sendJson(res, 200, { ok: true, tick: market.tick });
    default:
      return fail(res, 404, "not_found", `no control endpoint ${action}`);
  }
}
