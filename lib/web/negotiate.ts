// Content negotiation for `/`: browsers name text/html explicitly; curl sends only a wildcard.

/** True when the Accept header names text/html (or application/xhtml+xml) with a non-zero q. */
export function wantsHtml(accept: string | null): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type = "", ...params] = range.trim().toLowerCase().split(";");
    if (type !== "text/html" && type !== "application/xhtml+xml") return false;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
