/**
 * /api/v3/coins/{id}/market_chart: `[ms, value]` arrays from the deterministic shapes in
 * history.ts, scaled to the current CoinMarketCap-side price, so the last point equals
 * /coins/markets' current_price. Up to 90 days the points are hourly (the real API sends 5-minute
 * points for 1 day), beyond that daily. Keyless and Demo calls reach 365 days (older → 10012).
 */
import type { Asset } from "../asset";
import { PERIOD_SECONDS, type Period } from "../history";
import { type DataRequest, intParam, JSON_TYPE, type RouteResult } from "../http";
import type { MarketView } from "../market-view";
import { cgNestedError, cgTextError } from "../provider-errors";

const PUBLIC_MAX_DAYS = 365;
const HOURLY_MAX_DAYS = 90;
const HEADERS = { "Content-Type": JSON_TYPE };

type Point = [number, number];

export function chartBody(req: DataRequest, view: MarketView, asset: Asset): RouteResult {
  const { url, nowMs } = req;
  const raw = url.searchParams.get("days");
  if (raw === null || raw === "") return { status: 400, body: cgTextError("Missing parameter days"), headers: HEADERS };
  const days = raw === "max" ? Number.POSITIVE_INFINITY : intParam(url, "days");
  if (days === undefined || !(days >= 1)) return { status: 400, body: cgTextError("invalid days"), headers: HEADERS };
  if (days > PUBLIC_MAX_DAYS) return { status: 401, body: cgNestedError(10012, nowMs), headers: HEADERS };

  const period: Period = days <= HOURLY_MAX_DAYS ? "hour" : "day";
  const periodMs = PERIOD_SECONDS[period] * 1000;
  const count = period === "hour" ? days * 24 : days;
  const shape = view.shapes.shape(asset, period, count + 1);
  const price = view.market.cmcPrice(asset);
  const supply = view.market.circulatingSupply(asset);
  const volume = view.market.cmcVolume(asset);
  const currentStart = Math.floor(nowMs / periodMs) * periodMs;
  const prices: Point[] = [];
  const caps: Point[] = [];
  const volumes: Point[] = [];
  const push = (t: number, ratio: number, volumeShare: number) => {
    prices.push([t, price * ratio]);
    caps.push([t, price * ratio * supply]);
    volumes.push([t, volume * volumeShare]);
  };
  // close[k] is the price k periods ago: it is sampled at the end of that period.
  for (let k = count; k >= 1; k--) push(currentStart - (k - 1) * periodMs, shape.close[k] ?? 1, shape.volume[k] ?? 1);
  // The newest point is the live price, stamped now.
  push(nowMs, 1, shape.volume[0] ?? 1);
  const body = { prices, market_caps: caps, total_volumes: volumes };
  return { status: 200, body, headers: HEADERS, variants: chartVariants(body) };
}

function chartVariants(body: { prices: Point[]; market_caps: Point[]; total_volumes: Point[] }) {
  const copy = () => structuredClone(body);
  return {
    empty: () => ({ prices: [], market_caps: [], total_volumes: [] }),
    wrongTypes: () => {
      const edited = copy();
      return { ...edited, prices: edited.prices.map(([t, value]) => [t, String(value)]) };
    },
    duplicateIds: () => {
      const edited = copy();
      const first = edited.prices[0];
      if (first) edited.prices.splice(1, 0, [first[0], first[1]]);
      return edited;
    },
  };
}
