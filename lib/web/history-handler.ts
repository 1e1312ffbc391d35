// GET /api/coins/{id}/history?range=7d: one coin's USD price series for a chart, from our own
// stored prices with gaps filled from the ranking provider's history. Read from the store per request.

import {
  fillResolution,
  HISTORY_RANGE_NAMES,
  HISTORY_RANGES,
  type HistoryRangeName,
  type HistoryResolution,
  historyKey,
  parseHistoryRange,
  type SeriesPoint,
  seriesForRange,
} from "../domain/history";
import type { MergedRow } from "../domain/merge";
import { type HistoryPoint, readHistory, type Store } from "../store";
import { findCoin } from "./coin-lookup";
import { errorResponse, jsonResponse, shown } from "./responses";
import { noDataResponse } from "./top-handler";
import { COIN_ID } from "./top-query";
import type { TopView } from "./view";
import type { ViewStore } from "./view-store";

/** Stable ids, and the ranking provider ids that coin pages used before them; nothing more. */
const ID_PATTERN = COIN_ID;
// Charts move every minute at most; 30 s lets shared caches absorb a burst of page views.
const CACHE_CONTROL = "public, max-age=30";
const ALLOWED = HISTORY_RANGE_NAMES.join(", ");

export interface HistoryHandlerOptions {
  now?: () => Date;
}

function parseRange(params: URLSearchParams): HistoryRangeName | Response {
  const values = params.getAll("range");
  if (values.length > 1) return errorResponse(400, "invalid_range", `range must be given once, as one of ${ALLOWED}`);
  const range = parseHistoryRange(values[0] ?? null);
  if (range === null) {
    return errorResponse(400, "invalid_range", `range must be one of ${ALLOWED}; got ${shown(values[0] ?? "")}`);
  }
  return range;
}

const toSeries = (points: readonly HistoryPoint[], key: string | null): SeriesPoint[] =>
  key === null
    ? []
    : points
        .filter((p) => p.coinKey === key)
        .map((p) => ({ t: p.ts.getTime(), priceUsd: p.priceUsd, source: p.source }));

async function loadSeries(
  store: Store,
  rangeName: HistoryRangeName,
  keys: { pricingKey: string | null; rankingKey: string },
  now: Date,
): Promise<SeriesPoint[]> {
  const range = HISTORY_RANGES[rangeName];
  const span = { from: new Date(now.getTime() - range.ms), to: now };
  const both = keys.pricingKey === null ? [keys.rankingKey] : [keys.pricingKey, keys.rankingKey];
  if (range.resolution !== "raw") {
    const points = await readHistory(store.db, { keys: both, resolution: range.resolution, ...span });
    return seriesForRange(range, {
      own: toSeries(points, keys.pricingKey),
      backfill: toSeries(points, keys.rankingKey),
    });
  }
  const raw =
    keys.pricingKey === null
      ? []
      : await readHistory(store.db, { keys: [keys.pricingKey], resolution: "raw", ...span });
  const fill = await readHistory(store.db, { keys: both, resolution: fillResolution(range), ...span });
  return seriesForRange(range, {
    own: toSeries(raw, keys.pricingKey),
    backfill: [],
    fillOwn: toSeries(fill, keys.pricingKey),
    fillBackfill: toSeries(fill, keys.rankingKey),
  });
}

/** The body of GET /api/coins/{id}/history, also what the coin page renders its first chart from. */
export interface CoinHistoryBody {
  id: string;
  symbol: string;
  name: string;
  range: HistoryRangeName;
  resolution: HistoryResolution;
  points: Array<{ t: number; priceUsd: number; source: string }>;
  meta: { pricingKey: string | null; rankingKey: string; generatedAt: string; simulated: boolean };
}

/** One coin's series for a range, read from the store. Throws when the store cannot be read. */
export async function readCoinHistory(
  store: Store,
  view: TopView,
  row: MergedRow,
  rangeName: HistoryRangeName,
  now: Date,
): Promise<CoinHistoryBody> {
  const pricingKey = row.pricingId === null ? null : historyKey(view.meta.pricing.provider, row.pricingId);
  const rankingKey = historyKey(view.meta.ranking.provider, row.symbol);
  const series = await loadSeries(store, rangeName, { pricingKey, rankingKey }, now);
  return {
    id: row.id,
    symbol: row.symbol,
    name: row.name,
    range: rangeName,
    resolution: HISTORY_RANGES[rangeName].resolution,
    points: series.map((point) => ({ t: point.t, priceUsd: point.priceUsd, source: point.source })),
    meta: { pricingKey, rankingKey, generatedAt: now.toISOString(), simulated: view.meta.simulated },
  };
}

export async function handleHistory(
  request: Request,
  viewStore: ViewStore,
  id: string,
  options: HistoryHandlerOptions = {},
): Promise<Response> {
  if (!ID_PATTERN.test(id)) {
    return errorResponse(
      400,
      "invalid_id",
      `id must be 1 to 128 letters, digits, dots, underscores or hyphens (the id of a coin in /api/top); got ${shown(id)}`,
    );
  }
  const rangeName = parseRange(new URL(request.url).searchParams);
  if (rangeName instanceof Response) return rangeName;

  const view = viewStore.current;
  if (!view) return noDataResponse(viewStore);
  // A ranking provider's id still finds its coin: charts asked for before stable ids keep working.
  const row = findCoin(view.merged, id)?.row;
  if (!row) {
    return errorResponse(404, "not_found", `no coin with id ${shown(id)} in the current top ${view.meta.depth}`);
  }

  const now = (options.now ?? (() => new Date()))();
  let body: CoinHistoryBody;
  try {
    body = await readCoinHistory(viewStore.store, view, row, rangeName, now);
  } catch (error) {
    viewStore.logger.error({ err: error, id, range: rangeName }, "price history read failed");
    return errorResponse(503, "store_unavailable", "the price history cannot be read right now; try again shortly", {
      "retry-after": "5",
    });
  }
  return jsonResponse(body, 200, { "cache-control": CACHE_CONTROL });
}
