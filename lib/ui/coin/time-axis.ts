// The price chart's ranges and its time axis: where the ticks go and how they read.
// Ticks sit on local calendar boundaries (hours, midnights, month starts). The caller passes the
// time zone's offset as a function of time, so the same code is exact in tests (UTC) and local in
// the browser, across daylight-saving changes too.

export const RANGES = ["24h", "7d", "30d", "90d", "1y"] as const;
export type Range = (typeof RANGES)[number];
export const DEFAULT_RANGE: Range = "7d";

const HOUR = 3_600_000;
const DAY = 86_400_000;

export function parseRange(value: string | null | undefined): Range | null {
  return RANGES.find((range) => range === value) ?? null;
}

/** Milliseconds to add to a UTC instant to get the wall-clock time at that instant. */
export type OffsetAt = (t: number) => number;
const utc: OffsetAt = () => 0;

/** The browser's own zone: what Intl.DateTimeFormat without a timeZone shows. */
export const localOffset: OffsetAt = (t) => -new Date(t).getTimezoneOffset() * 60_000;

/** The instant whose wall-clock time is `wall` (a UTC-encoded wall time). */
function fromWall(wall: number, offsetAt: OffsetAt): number {
  return wall - offsetAt(wall - offsetAt(wall));
}

/** Which local midnights carry a tick, by their wall-clock date. */
function dayFilter(range: Range): (wall: Date) => boolean {
  switch (range) {
    case "7d":
      return () => true;
    case "30d":
      return (wall) => [1, 8, 15, 22].includes(wall.getUTCDate());
    case "90d":
      return (wall) => wall.getUTCDate() === 1;
    default:
      // 1y: every other month start (Jan, Mar, May, …), so twelve months fit a phone screen.
      return (wall) => wall.getUTCDate() === 1 && wall.getUTCMonth() % 2 === 0;
  }
}

/** Tick instants inside [minMs, maxMs]: every 4 hours for 24h, midnights for the longer ranges. */
export function timeTicks(range: Range, minMs: number, maxMs: number, offsetAt: OffsetAt = utc): number[] {
  if (!(maxMs >= minMs)) return [];
  const ticks: number[] = [];
  if (range === "24h") {
    const step = 4 * HOUR;
    const firstWall = Math.ceil((minMs + offsetAt(minMs)) / step) * step;
    for (let wall = firstWall; ; wall += step) {
      const t = fromWall(wall, offsetAt);
      if (t > maxMs) break;
      if (t >= minMs) ticks.push(t);
    }
    return ticks;
  }
  const keep = dayFilter(range);
  const firstWall = Math.floor((minMs + offsetAt(minMs)) / DAY) * DAY;
  for (let wall = firstWall; ; wall += DAY) {
    const t = fromWall(wall, offsetAt);
    if (t > maxMs) break;
    if (t >= minMs && keep(new Date(wall))) ticks.push(t);
  }
  return ticks;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${JSON.stringify(options)}@${timeZone ?? ""}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    formatters.set(key, format);
  }
  return format;
}

/** A tick label: "14:00" for 24h, "Nov 28" for 7d and 30d, "Nov" (or the year in January) beyond. */
export function formatTick(range: Range, t: number, timeZone?: string): string {
  if (range === "24h") return dateFormat({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, timeZone).format(t);
  if (range === "7d" || range === "30d") return dateFormat({ month: "short", day: "numeric" }, timeZone).format(t);
  const month = dateFormat({ month: "short" }, timeZone).format(t);
  return month === "Jan" ? dateFormat({ year: "numeric" }, timeZone).format(t) : month;
}

/** The tooltip's full date and time: "Nov 28, 2026, 14:00". */
export function formatInstant(t: number, timeZone?: string): string {
  return dateFormat(
    { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    timeZone,
  ).format(t);
}
