// The dashboard's first data, straight from the in-memory view, shaped as the /api/top body with
// its rows cut to the fields the dashboard reads, since they travel inside the page's HTML.
import { toTopRow } from "@/lib/ui/top-payload";
import { prepareTopBody, servedRows } from "@/lib/web/top-body";
import { topQueryOf } from "@/lib/web/top-query";
import type { TopView } from "@/lib/web/view";
import type { TopResult } from "./use-top-data";

/** `vs`: the page's currency; the caller has checked the view can convert to it. */
export function initialTopResult(view: TopView, limit: number, vs = "USD"): TopResult {
  const query = topQueryOf({ limit, format: "json", vs: vs === "USD" ? null : vs });
  const { rows, currency } = servedRows(view, query);
  const data = rows.map(toTopRow);
  // The ETag of /api/top for the same view, limit and currency, so the first poll of an unchanged
  // view is a 304 and these rows stay as they are.
  const { etag } = prepareTopBody(view, query);
  const meta = { limit, count: data.length, ...(currency && { currency }), ...view.meta };
  return { etag, payload: { data, meta } };
}
