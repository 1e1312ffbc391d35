// Validation of the /api/top query: `limit` and `format`, plus content negotiation.

export type TopFormat = "json" | "csv";

export interface TopQuery {
  limit: number;
  format: TopFormat;
}

export interface QueryError {
  status: 400 | 406;
  code: string;
  message: string;
}

const DIGITS = /^[0-9]{1,7}$/;

/** The q-value an Accept header gives a media type: an exact range beats `type/*`, which beats `*` + `/*`. */
export function acceptQuality(accept: string | null, mediaType: string): number {
  if (!accept) return 0;
  const [type] = mediaType.split("/");
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(",")) {
    const [name = "", ...params] = range.trim().toLowerCase().split(";");
    const specificity = name === mediaType ? 2 : name === `${type}/*` ? 1 : name === "*/*" ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/** True when the Accept header ranks CSV above JSON (`format` wins over Accept). */
export function prefersCsv(accept: string | null): boolean {
  return acceptQuality(accept, "text/csv") > acceptQuality(accept, "application/json");
}

/** Parses `limit`: an integer from 1 to depth, given at most once; absent means the whole depth. */
export function parseLimit(params: URLSearchParams, depth: number): number | QueryError {
  const limits = params.getAll("limit");
  if (limits.length > 1) {
    return {
      status: 400,
      code: "invalid_limit",
      message: `limit must be given once, as an integer from 1 to ${depth}`,
    };
  }
  if (limits.length === 0) return depth;
  const raw = limits[0] ?? "";
  const value = DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= depth)) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    return {
      status: 400,
      code: "invalid_limit",
      message: `limit must be an integer from 1 to ${depth}; got ${JSON.stringify(shown)}`,
    };
  }
  return value;
}

/** Parses `limit` (1..depth, default depth) and `format` (json|csv). */
export function parseTopQuery(params: URLSearchParams, accept: string | null, depth: number): TopQuery | QueryError {
  const limit = parseLimit(params, depth);
  if (typeof limit !== "number") return limit;

  const formats = params.getAll("format");
  if (formats.length > 1)
    return { status: 400, code: "invalid_format", message: "format must be given once: json or csv" };
  const format = formats[0];
  if (format !== undefined && format !== "json" && format !== "csv") {
    return {
      status: 400,
      code: "invalid_format",
      message: `format must be json or csv; got ${JSON.stringify(format.slice(0, 40))}`,
    };
  }
  return { limit, format: format ?? (prefersCsv(accept) ? "csv" : "json") };
}
