// Pure timing rules for retries, kept apart from the I/O so they can be tested exactly.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;
export const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^retryIndex)).
 * Full jitter spreads the retries of many clients hit by the same outage instead of syncing them.
 */
export function backoffDelayMs(retryIndex: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retryIndex));
  // Clamp the random source so a faulty injected one cannot push the wait past the ceiling.
  const fraction = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(fraction * ceiling);
}

/**
 * Reads `Retry-After` in both RFC 9110 forms: delta-seconds ("120") or an HTTP-date.
 * Returns the wait in ms (never negative), or undefined when the header is missing or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse would accept "12" or "1.5" as dates; only a real HTTP-date has letters in it.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Statuses whose Retry-After tells when to come back (RFC 9110 §10.2.3). */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}
