// Finds a coin's row in the served view by its stable Top Coins id, or by the ranking provider's
// id that coin pages used before stable ids (so old links still lead to the coin). An index per
// merged view: built on first use, then a lookup.
import type { MergedRow } from "../domain/merge";
import type { MergedSnapshots } from "./view";

interface RowIndex {
  byId: Map<string, MergedRow>;
  byRankingId: Map<string, MergedRow>;
  /** Every row of a symbol, upper case, in rank order: a symbol may name several coins. */
  bySymbol: Map<string, MergedRow[]>;
}

const indexes = new WeakMap<MergedSnapshots, RowIndex>();

function indexOf(merged: MergedSnapshots): RowIndex {
  let index = indexes.get(merged);
  if (!index) {
    index = { byId: new Map(), byRankingId: new Map(), bySymbol: new Map() };
    for (const row of merged.rows) {
      index.byId.set(row.id, row);
      index.byRankingId.set(row.rankingId, row);
      const symbol = row.symbol.toUpperCase();
      const shared = index.bySymbol.get(symbol);
      if (shared) shared.push(row);
      else index.bySymbol.set(symbol, [row]);
    }
    indexes.set(merged, index);
  }
  return index;
}

export type CoinMatch = { row: MergedRow; by: "id" | "ranking_id" } | null;

/** The row of a stable id, or of a ranking provider's id (`by: "ranking_id"`: answer with a redirect). */
export function findCoin(merged: MergedSnapshots, id: string): CoinMatch {
  const index = indexOf(merged);
  const row = index.byId.get(id);
  if (row) return { row, by: "id" };
  const old = index.byRankingId.get(id);
  return old ? { row: old, by: "ranking_id" } : null;
}

/** The rows whose symbol is `symbol`, any case, in rank order (none, one, or several coins). */
export function findBySymbol(merged: MergedSnapshots, symbol: string): readonly MergedRow[] {
  return indexOf(merged).bySymbol.get(symbol.toUpperCase()) ?? [];
}
