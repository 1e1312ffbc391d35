// The polled data behind the dashboard. /api/top is asked with If-None-Match, so an unchanged
// snapshot costs a 304 and hands back the very same object: nothing downstream re-renders.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { refreshIntervalMs, type SparklineMap, type TopPayload } from "@/lib/ui/top-payload";

/** A /api/top body together with the ETag that names it, so the two can never disagree. */
export interface TopResult {
  etag: string | null;
  payload: TopPayload;
}

const SPARKLINE_REFRESH_MS = 5 * 60_000;

async function describeFailure(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not our JSON error shape (a proxy page, say): the status says enough.
  }
  return `the server answered ${response.status}`;
}

/**
 * GETs `url` with the ETag of the data already held. A 304 gives that very object back, so
 * nothing downstream re-renders; otherwise the response goes to `read`.
 */
async function fetchRevalidated<T extends { etag: string | null }>(
  url: string,
  previous: T | undefined,
  signal: AbortSignal,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const headers: Record<string, string> = previous?.etag ? { "if-none-match": previous.etag } : {};
  const response = await fetch(url, { cache: "no-store", headers, signal });
  if (response.status === 304 && previous) return previous;
  return read(response);
}

export function useTopData(initial: TopResult, limit: number, vs = "USD") {
  const client = useQueryClient();
  const queryKey = ["top", limit, vs] as const;
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      fetchRevalidated(
        vs === "USD" ? `/api/top?limit=${limit}` : `/api/top?limit=${limit}&vs=${vs}`,
        client.getQueryData<TopResult>(queryKey),
        signal,
        async (response) => {
          if (!response.ok) throw new Error(await describeFailure(response));
          const payload = (await response.json()) as TopPayload;
          if (!Array.isArray(payload.data) || !payload.meta) throw new Error("the server sent an unexpected body");
          return { etag: response.headers.get("etag"), payload };
        },
      ),
    initialData: initial,
    refetchInterval: (query) => refreshIntervalMs((query.state.data ?? initial).payload.meta),
    staleTime: 1000,
    // A limit left behind is dropped at once, so coming back to it starts from the server's fresh render.
    gcTime: 0,
  });
}

function parseSparklines(body: unknown): SparklineMap {
  const data = (body as { data?: unknown } | null)?.data;
  if (!data || typeof data !== "object") return {};
  const map: Record<string, number[]> = {};
  for (const [id, values] of Object.entries(data)) {
    if (Array.isArray(values)) map[id] = values.filter((v): v is number => typeof v === "number");
  }
  return map;
}

interface SparklineResult {
  etag: string | null;
  map: SparklineMap | null;
}

/** 7-day points by rankingId, or null while the endpoint does not exist or has nothing yet (404/503).
 *  Asked with If-None-Match like /api/top: an unchanged set is a 304 and the same object, so the
 *  rows do not render again. */
export function useSparklines(limit: number, initial: SparklineMap | undefined): SparklineMap | null {
  const client = useQueryClient();
  const queryKey = ["sparklines", limit] as const;
  const { data } = useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      fetchRevalidated(
        `/api/sparklines?limit=${limit}`,
        client.getQueryData<SparklineResult>(queryKey),
        signal,
        async (response): Promise<SparklineResult> => {
          if (response.status === 404 || response.status === 503) return { etag: null, map: null };
          if (!response.ok) throw new Error(await describeFailure(response));
          return { etag: response.headers.get("etag"), map: parseSparklines(await response.json()) };
        },
      ),
    initialData: initial ? { etag: null, map: initial } : undefined,
    refetchInterval: SPARKLINE_REFRESH_MS,
    staleTime: SPARKLINE_REFRESH_MS,
    retry: false,
  });
  return data?.map ?? null;
}
