// The dashboard's first data, straight from the in-memory view, shaped as the /api/top body with
// its rows cut to the fields the dashboard reads, since they travel inside the page's HTML.
import { toTopRow } from "@/lib/ui/top-payload";
import { prepareTopBody } from "@/lib/web/top-body";
import type { TopView } from "@/lib/web/view";
import type { TopResult } from "./use-top-data";

export function initialTopResult(view: TopView, limit: number): TopResult {
  const data = view.merged.rows.slice(0, limit).map(toTopRow);
  // The ETag of /api/top for the same view and limit, so the first poll of an unchanged view is a
  // 304 and these rows stay as they are.
  const { etag } = prepareTopBody(view, "json", limit);
  return { etag, payload: { data, meta: { limit, count: data.length, ...view.meta } } };
}
