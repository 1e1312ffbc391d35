// The dashboard's first data, straight from the in-memory view, shaped as the /api/top body with
// its rows cut to the fields the dashboard reads, since they travel inside the page's HTML.
import { type TopPayload, toTopRow } from "@/lib/ui/top-payload";
import { prepareTopBody } from "@/lib/web/top-body";
import { topQueryOf } from "@/lib/web/top-query";
import type { TopView } from "@/lib/web/view";
import type { TopResult } from "./use-top-data";

/** `vs`: the page's currency; the caller has checked the view can convert to it. */
export function initialTopResult(view: TopView, limit: number, vs = "USD"): TopResult {
  if (vs !== "USD") {
    // The very body /api/top?limit=…&vs=… sends, so the first poll revalidates it with a 304.
    const prepared = prepareTopBody(view, topQueryOf({ limit, format: "json", vs }));
    const payload = JSON.parse(prepared.body) as TopPayload;
    return { etag: prepared.etag, payload: { ...payload, data: payload.data.map(toTopRow) } };
  }
  const data = view.merged.rows.slice(0, limit).map(toTopRow);
  // The ETag of /api/top for the same view and limit, so the first poll of an unchanged view is a
  // 304 and these rows stay as they are.
  const { etag } = prepareTopBody(view, "json", limit);
  return { etag, payload: { data, meta: { limit, count: data.length, ...view.meta } } };
}
