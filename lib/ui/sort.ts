// Sorting the dashboard rows. Missing values sort last in both directions; ties keep rank order.
import type { TopRow } from "./top-payload";

export const SORT_KEYS = ["rank", "name", "price", "change1h", "change24h", "change7d", "marketCap", "volume"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

export interface SortState {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: SortState = { key: "rank", dir: "asc" };

export function isSortKey(value: string | null | undefined): value is SortKey {
  return (SORT_KEYS as readonly string[]).includes(value ?? "");
}

const numeric: Record<Exclude<SortKey, "name">, (row: TopRow) => number | null> = {
  rank: (row) => row.rank,
  price: (row) => row.priceUsd,
  change1h: (row) => row.change1hPct,
  change24h: (row) => row.change24hPct,
  change7d: (row) => row.change7dPct,
  marketCap: (row) => row.marketCapUsd,
  volume: (row) => row.volume24hUsd,
};

/** The direction a first click on a column sorts by: text and rank ascending, amounts largest first. */
export function firstDirection(key: SortKey): SortDir {
  return key === "rank" || key === "name" ? "asc" : "desc";
}

/** Clicking the sorted column flips it; clicking another starts at that column's first direction. */
export function nextSort(current: SortState, clicked: SortKey): SortState {
  if (current.key === clicked) return { key: clicked, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key: clicked, dir: firstDirection(clicked) };
}

// Created on first use: Intl objects are costly to build, and most visits never sort by name.
let collator: Intl.Collator | undefined;
function compareText(a: string, b: string): number {
  collator ??= new Intl.Collator("en", { sensitivity: "base", numeric: true });
  return collator.compare(a, b);
}

function compareValues(key: SortKey, a: TopRow, b: TopRow): number | null {
  if (key === "name") return compareText(a.name, b.name) || compareText(a.symbol, b.symbol);
  const read = numeric[key];
  const x = read(a);
  const y = read(b);
  const xMissing = x === null || Number.isNaN(x);
  const yMissing = y === null || Number.isNaN(y);
  if (xMissing || yMissing) return null;
  return x - y;
}

/** A sorted copy; the input is left as it is. */
export function sortRows(rows: readonly TopRow[], sort: SortState): TopRow[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const compared = compareValues(sort.key, a, b);
    if (compared === null) {
      // Missing values go last whatever the direction, so they are not flipped by `sign`.
      const aMissing = compareValues(sort.key, a, a) === null;
      const bMissing = compareValues(sort.key, b, b) === null;
      if (aMissing !== bMissing) return aMissing ? 1 : -1;
      return a.rank - b.rank;
    }
    return sign * compared || a.rank - b.rank;
  });
}

/** Rows whose name or symbol contains the query, ignoring case and surrounding spaces. */
export function filterRows(rows: readonly TopRow[], query: string): readonly TopRow[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((row) => row.name.toLowerCase().includes(needle) || row.symbol.toLowerCase().includes(needle));
}
