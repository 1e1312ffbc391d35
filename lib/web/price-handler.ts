// GET /api/price/{id-or-symbol}?vs=: one coin's price, in USD or the `vs` currency, as a bare
// number in text/plain, for spreadsheets (`=IMPORTDATA("…/api/price/bitcoin")`), widgets and
// shell scripts. A stable id is looked up first, then a symbol; a symbol several ranked coins
// share is a 409 that lists them, so the caller can ask by id. Errors are the API's JSON shape.
// Answered from memory, like /api/top.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { convertUsd } from "../domain/currencies";
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
import type { ambiguousSchema } from "./contract/bodies";
import { isCurrencyProblem, resolveCurrency } from "./quote-currency";
import { cacheControlFor, shown } from "./responses";
import { noDataAnswer } from "./top-handler";
import { COIN_KEY, parseVs } from "./top-query";
import type { ViewStore } from "./view-store";

const TEXT_TYPE = "text/plain; charset=utf-8";

/** A coin as a 409 lists it: enough to tell the candidates apart and ask again by id. */
function candidate(row: MergedRow) {
  return { id: row.id, symbol: row.symbol, name: row.name, rank: row.rank, priceUsd: row.priceUsd };
}

export function answerPrice(request: AnswerRequest, viewStore: ViewStore, key: string): Answer {
  if (!COIN_KEY.test(key)) {
    return errorAnswer(
      request,
      400,
      "invalid_coin",
      `the coin must be a Top Coins id or a symbol: 1 to 128 letters, digits, dots, underscores, hyphens or $; got ${shown(key)}`,
    );
  }
  const vs = parseVs(request.url.searchParams);
  if (typeof vs === "object" && vs !== null) return errorAnswer(request, vs.status, vs.code, vs.message);
  const view = viewStore.current;
  if (!view) return noDataAnswer(request, viewStore);
  const currency = resolveCurrency(view, vs ?? "USD", viewStore.fxEnabled, viewStore.clock());
  if (isCurrencyProblem(currency)) {
    return errorAnswer(request, currency.status, currency.code, currency.message, currency.headers);
  }
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
    const details: Pick<z.infer<typeof ambiguousSchema>["error"], "candidates"> = {
      candidates: matches.map(candidate),
    };
    return errorAnswer(
      request,
      409,
      "ambiguous",
      `${shown(key)} is the symbol of ${matches.length} coins in the current top ${view.meta.depth}: ${listed}; ask for one by its id, e.g. /api/price/${matches[0]?.id}`,
      {},
      details,
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
  const price = convertUsd(row.priceUsd, currency.perUsd) as number;
  const tag = createHash("sha1")
    .update(`${view.key}|price|${row.id}|${currency.code}`)
    .digest("base64url")
    .slice(0, 22);
  const encoded = new EncodedBody(Buffer.from(`${toPlainDecimal(price)}\n`), tag);
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
