// The client side of GET /api/coins/{id}/history: the URL, a check of the body against the
// contract, and typed errors. Checked by hand rather than with zod: zod/mini alone would add 54 kB
// (15 kB gzipped) to the coin page's first load for one small shape.
import type { Range } from "./time-axis";

export interface HistoryPoint {
  /** Milliseconds since the epoch. */
  t: number;
  priceUsd: number;
  /** The provider that reported the point. */
  source: string;
}

export interface HistoryBody {
  id: string;
  symbol: string;
  name: string;
  range: string;
  resolution: string;
  points: HistoryPoint[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";

function toPoint(value: unknown): HistoryPoint | null {
  if (!isObject(value)) return null;
  const { t, priceUsd, source } = value;
  return typeof t === "number" && typeof priceUsd === "number" && isString(source) ? { t, priceUsd, source } : null;
}

export class HistoryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HistoryError";
  }

  /** Worth another try: the server had no data yet or failed; a 4xx will not change. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export function historyUrl(id: string, range: Range): string {
  return `/api/coins/${encodeURIComponent(id)}/history?range=${range}`;
}

const badShape = () => new HistoryError(200, "bad_response", "The price history had an unexpected shape.");

/** The body checked against the contract; points with finite, positive prices, oldest first. */
export function parseHistoryBody(body: unknown): HistoryBody {
  if (!isObject(body) || !Array.isArray(body.points)) throw badShape();
  const { id, symbol, name, range, resolution } = body;
  if (!isString(id) || !isString(symbol) || !isString(name) || !isString(range) || !isString(resolution)) {
    throw badShape();
  }
  const points: HistoryPoint[] = [];
  for (const item of body.points) {
    const point = toPoint(item);
    if (!point) throw badShape();
    if (Number.isFinite(point.t) && Number.isFinite(point.priceUsd) && point.priceUsd > 0) points.push(point);
  }
  points.sort((a, b) => a.t - b.t);
  return { id, symbol, name, range, resolution, points };
}

/** The error a non-2xx answer stands for, from its `{error:{code,message}}` body when it has one. */
export function historyErrorFrom(status: number, body: unknown): HistoryError {
  const error = isObject(body) && isObject(body.error) ? body.error : null;
  if (error && isString(error.code) && isString(error.message))
    return new HistoryError(status, error.code, error.message);
  if (status === 404) return new HistoryError(status, "not_found", "Price history is not available for this coin.");
  return new HistoryError(status, "http_error", `The price history request failed (HTTP ${status}).`);
}

export async function fetchHistory(id: string, range: Range, signal?: AbortSignal): Promise<HistoryBody> {
  let response: Response;
  try {
    response = await fetch(historyUrl(id, range), { signal, headers: { accept: "application/json" } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new HistoryError(0, "network", "The price history could not be loaded: the server did not answer.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw historyErrorFrom(response.status, body);
  return parseHistoryBody(body);
}
