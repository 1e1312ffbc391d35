// GET /api/price/{id-or-symbol}: one coin's USD price as a bare number in text/plain, for
// spreadsheets (`=IMPORTDATA("…/api/price/bitcoin")`), widgets and shell scripts. A stable id is
// looked up first, then a symbol; a symbol several ranked coins share is a 409 that lists them, so
// the caller can ask by id. Errors are the API's JSON shape. Answered from memory, like /api/top.
import { createHash } from "node:crypto";
import type { MergedRow } from "../domain/merge";
import { toPlainDecimal } from "../format/decimal";
import {
  type Answer,
  type AnswerRequest,
  answerRequestOf,
  EncodedBody,
  encodedAnswer,
  errorAnswer,
  toResponse,
} from "./answer";
import { findBySymbol, findCoin } from "./coin-lookup";
import { cacheControlFor } from "./responses";
import { noDataAnswer } from "./top-handler";
import type { ViewStore } from "./view-store";

const KEY_PATTERN = /^[A-Za-z0-9._$-]{1,128}$/;
const TEXT_TYPE = "text/plain; charset=utf-8";

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A coin as a 409 lists it: enough to tell the candidates apart and ask again by id. */
function candidate(row: MergedRow) {
  return { id: row.id, symbol: row.symbol, name: row.name, rank: row.rank, priceUsd: row.priceUsd };
}

export function answerPrice(request: AnswerRequest, viewStore: ViewStore, key: string): Answer {
  if (!KEY_PATTERN.test(key)) {
    return errorAnswer(
      request,
      400,
      "invalid_coin",
      `the coin must be a Top Coins id or a symbol: 1 to 128 letters, digits, dots, underscores, hyphens or $; got ${shown(key)}`,
    );
  }
  const vs = request.url.searchParams.getAll("vs");
  if (vs.length > 1 || (vs.length === 1 && vs[0]?.toUpperCase() !== "USD")) {
    return errorAnswer(
      request,
      400,
      "invalid_vs",
      `vs must be USD, given once: Top Coins serves USD prices; got ${shown(vs.join("&vs="))}`,
    );
  }
  const view = viewStore.current;
  if (!view) return noDataAnswer(request, viewStore);
  const byId = findCoin(view.merged, key);
  const matches = byId ? [byId.row] : findBySymbol(view.merged, key);
  if (matches.length === 0) {
    return errorAnswer(
      request,
      404,
      "not_found",
      `no coin with id or symbol ${shown(key)} in the current top ${view.meta.depth}`,
    );
  }
  if (matches.length > 1) {
    const listed = matches.map((row) => `${row.id} (${row.name}, rank ${row.rank})`).join(", ");
    const body = {
      error: {
        code: "ambiguous",
        message: `${shown(key)} is the symbol of ${matches.length} coins in the current top ${view.meta.depth}: ${listed}; ask for one by its id, e.g. /api/price/${matches[0]?.id}`,
        candidates: matches.map(candidate),
      },
    };
    const encoded = new EncodedBody(Buffer.from(JSON.stringify(body)), null);
    return encodedAnswer(
      request,
      409,
      encoded,
      { "cache-control": "no-store", "x-content-type-options": "nosniff", vary: "Accept-Encoding" },
      "application/json; charset=utf-8",
    );
  }
  const [row] = matches as [MergedRow];
  if (row.priceUsd === null) {
    return errorAnswer(
      request,
      404,
      "no_price",
      `${row.id} (${row.symbol}) has no price: ${row.priceReason ?? "unpriced"}`,
    );
  }
  const tag = createHash("sha1").update(`${view.key}|price|${row.id}`).digest("base64url").slice(0, 22);
  const encoded = new EncodedBody(Buffer.from(`${toPlainDecimal(row.priceUsd)}\n`), tag);
  const headers = {
    "cache-control": cacheControlFor(view.meta.pricing.refreshSeconds),
    vary: "Accept-Encoding",
    "x-content-type-options": "nosniff",
  };
  return encodedAnswer(request, 200, encoded, headers, TEXT_TYPE);
}

export function handlePrice(request: Request, viewStore: ViewStore, key: string): Response {
  return toResponse(answerPrice(answerRequestOf(request), viewStore, key));
}
