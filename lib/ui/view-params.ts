// The dashboard's URL state: ?limit=, ?vs=, ?sort=, ?dir= and ?q=, so a view can be shared.
import { DEFAULT_SORT, firstDirection, isSortKey, type SortState } from "./sort";

export interface ViewParams {
  limit: number;
  /** The quote currency's code; USD is the default and stays out of the URL. */
  vs: string;
  sort: SortState;
  q: string;
}

/** The cookie that remembers the reader's currency between visits (the URL's `vs` wins over it). */
export const CURRENCY_COOKIE = "topcoins_vs";

/** The limits the selector offers: 10, 50, 100, 200, the full depth and the current one, none above the depth. */
export function limitOptions(depth: number, current = depth): number[] {
  return [...new Set([10, 50, 100, 200, depth, current])].filter((n) => n <= depth).sort((a, b) => a - b);
}

/** Sort and search from the URL. Unknown values fall back to the default rather than failing the page. */
export function parseViewParams(params: URLSearchParams): Omit<ViewParams, "limit" | "vs"> {
  const key = params.get("sort");
  const dir = params.get("dir");
  const sort: SortState = isSortKey(key)
    ? { key, dir: dir === "asc" || dir === "desc" ? dir : firstDirection(key) }
    : DEFAULT_SORT;
  return { sort, q: (params.get("q") ?? "").slice(0, 100) };
}

/** The query string for a view; defaults are left out, so `/` stays `/`. */
export function viewSearch(view: ViewParams, depth: number): string {
  const params = new URLSearchParams();
  if (view.limit !== depth) params.set("limit", String(view.limit));
  if (view.vs !== "USD") params.set("vs", view.vs);
  if (view.sort.key !== DEFAULT_SORT.key || view.sort.dir !== DEFAULT_SORT.dir) {
    params.set("sort", view.sort.key);
    params.set("dir", view.sort.dir);
  }
  if (view.q.trim()) params.set("q", view.q);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The /api/top download links for the rows the page shows, in its currency. */
export function downloadHrefs(limit: number, vs = "USD"): { csv: string; json: string } {
  const currency = vs === "USD" ? "" : `&vs=${vs}`;
  return { csv: `/api/top?limit=${limit}${currency}&format=csv`, json: `/api/top?limit=${limit}${currency}` };
}

/** Record<string, string | string[]> from Next's searchParams, as URLSearchParams. */
export function toSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, item);
  }
  return params;
}
