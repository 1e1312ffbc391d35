/**
 * /data/v2/histohour and /data/v2/histoday: limit+1 rows, oldest first, the last row being the
 * unfinished current period whose close is the current CryptoCompare price. Values come from the
 * deterministic shape in history.ts; only the row timestamps follow the clock.
 */
import type { Asset } from "../asset";
import { PERIOD_SECONDS, type Period } from "../history";
import { type DataRequest, intParam, JSON_TYPE, type RouteResult } from "../http";
import type { MarketView } from "../market-view";
import { ccParamError } from "../provider-errors";
import { DIRECT_VOLUME_SHARE } from "./cryptocompare-items";

export const HISTORY_PATHS: Record<string, { period: Period; defaultLimit: number }> = {
  "/data/v2/histohour": { period: "hour", defaultLimit: 168 },
  "/data/v2/histoday": { period: "day", defaultLimit: 30 },
};

const MAX_LIMIT = 2000;
const HEADERS = { "Content-Type": JSON_TYPE, "Cache-Control": "public, max-age=10" };

function reply(body: unknown): RouteResult {
  return { status: 200, body, headers: HEADERS };
}

export interface HistoryRow {
  time: number;
  high: number;
  low: number;
  open: number;
  volumefrom: number;
  volumeto: number;
  close: number;
  conversionType: string;
  conversionSymbol: string;
}

export function handleHistory(req: DataRequest, view: MarketView): RouteResult {
  const { url, nowMs } = req;
  const spec = HISTORY_PATHS[url.pathname];
  if (!spec) throw new Error(`not a history path: ${url.pathname}`);
  const fsym = url.searchParams.get("fsym");
  if (!fsym) return reply(ccParamError("fsym", "fsym is a required param."));
  const tsym = url.searchParams.get("tsym");
  if (!tsym) return reply(ccParamError("tsym", "tsym is a required param."));
  if (tsym.toUpperCase() !== "USD") {
    return reply(ccParamError("tsym", `There is no data for the toSymbol ${tsym} (only USD is simulated).`));
  }
  const limit = intParam(url, "limit") ?? spec.defaultLimit;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    return reply(ccParamError("limit", `limit param is not valid, it must be an integer from 1 to ${MAX_LIMIT}.`));
  }
  const toTs = intParam(url, "toTs");
  if (Number.isNaN(toTs)) return reply(ccParamError("toTs", "toTs param is not valid, it must be a unix time."));

  const asset = view.market.assets.find((candidate) => candidate.cc?.name === fsym.toUpperCase());
  if (!asset) return reply(ccParamError("fsym", `There is no data for the symbol ${fsym} .`));
  if (!asset.cc?.hasUsdMarket) {
    return reply(ccParamError("fsym", `CCCAGG market does not exist for this coin pair (${asset.cc?.name}-USD)`));
  }

  const rows = historyRows(view, asset, spec.period, limit, Math.floor(nowMs / 1000), toTs);
  const body = {
    Response: "Success",
    Message: "",
    HasWarning: false,
    Type: 100,
    RateLimit: {},
    Data: { Aggregated: false, TimeFrom: rows[0]?.time ?? 0, TimeTo: rows.at(-1)?.time ?? 0, Data: rows },
  };
  return { ...reply(body), variants: historyVariants(body) };
}

/** Rows from (end + limit) periods ago up to `end` periods ago; end = 0 is the current period. */
export function historyRows(
  view: MarketView,
  asset: Asset,
  period: Period,
  limit: number,
  nowSeconds: number,
  toTs?: number,
): HistoryRow[] {
  const seconds = PERIOD_SECONDS[period];
  const currentStart = Math.floor(nowSeconds / seconds) * seconds;
  const endStart = toTs === undefined ? currentStart : Math.min(currentStart, Math.floor(toTs / seconds) * seconds);
  const end = (currentStart - endStart) / seconds;
  const shape = view.shapes.shape(asset, period, end + limit + 1);
  const price = view.market.ccPrice(asset);
  const volumePerPeriod = (view.market.ccTotalVolume(asset) * DIRECT_VOLUME_SHARE * seconds) / 86_400;
  const rows: HistoryRow[] = [];
  for (let k = end + limit; k >= end; k--) {
    const close = price * (shape.close[k] ?? 1);
    const open = price * (shape.close[k + 1] ?? 1);
    const volumeto = volumePerPeriod * (shape.volume[k] ?? 1);
    rows.push({
      time: currentStart - k * seconds,
      high: price * (shape.high[k] ?? 1),
      low: price * (shape.low[k] ?? 1),
      open,
      volumefrom: volumeto / ((open + close) / 2),
      volumeto,
      close,
      conversionType: "direct",
      conversionSymbol: "",
    });
  }
  return rows;
}

function historyVariants<T extends { Data: { Data: HistoryRow[] } }>(body: T) {
  const copy = (): T => structuredClone(body);
  return {
    empty: () => {
      const edited = copy();
      edited.Data.Data = [];
      return edited;
    },
    wrongTypes: () => {
      const edited = copy();
      const rows = edited.Data.Data.map((row) => ({ ...row, close: String(row.close), open: String(row.open) }));
      return { ...edited, Data: { ...edited.Data, Data: rows } };
    },
    duplicateIds: () => {
      const edited = copy();
      const first = edited.Data.Data[0];
      if (first) edited.Data.Data.splice(1, edited.Data.Data.length > 1 ? 1 : 0, { ...first });
      return edited;
    },
  };
}
