// The dashboard's first data, straight from the in-memory view, shaped as the /api/top body.
import { prepareTopBody } from "@/lib/web/top-body";
import type { TopView } from "@/lib/web/view";
import type { TopResult } from "./use-top-data";

export function initialTopResult(view: TopView, limit: number): TopResult {
  const data = view.merged.rows.slice(0, limit);
  // The ETag of the identical /api/top body, so the first poll of an unchanged view is a 304.
  const { etag } = prepareTopBody(view, "json", limit);
  return { etag, payload: { data, meta: { limit, count: data.length, ...view.meta } } };
}
