// Finds a coin in the web process's in-memory view. Server only: it reads the view store.
import { cache } from "react";
import type { MergedRow } from "@/lib/domain/merge";
import { isValidCoinId } from "@/lib/ui/coin/coin-id";
import type { TopView } from "@/lib/web/view";
import { readyViewStore } from "@/lib/web/view-store";

export type CoinLookup =
  | { kind: "found"; row: MergedRow; view: TopView }
  | { kind: "waiting"; missing: string[] }
  | { kind: "absent" };

/** One lookup per request, shared by generateMetadata and the page. */
export const loadCoin = cache(async (id: string): Promise<CoinLookup> => {
  // A malformed id never reaches the store: it is a 404 like an unknown one.
  if (!isValidCoinId(id)) return { kind: "absent" };
  const viewStore = await readyViewStore();
  const view = viewStore.current;
  if (!view) return { kind: "waiting", missing: viewStore.status.missing };
  const row = view.merged.rows.find((candidate) => candidate.rankingId === id);
  return row ? { kind: "found", row, view } : { kind: "absent" };
});
