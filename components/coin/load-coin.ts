// Finds a coin in the web process's in-memory view. Server only: it reads the view store.
import { cache } from "react";
import type { MergedRow } from "@/lib/domain/merge";
import { isValidCoinId } from "@/lib/ui/coin/coin-id";
import { findCoin } from "@/lib/web/coin-lookup";
import type { TopView } from "@/lib/web/view";
import { readyViewStore } from "@/lib/web/view-store";

export type CoinLookup =
  | { kind: "found"; row: MergedRow; view: TopView }
  /** Found by the ranking provider's id of an older link: the page redirects to the stable id. */
  | { kind: "moved"; id: string }
  | { kind: "waiting"; missing: string[] }
  | { kind: "absent" };

/** One lookup per request, shared by generateMetadata and the page. */
export const loadCoin = cache(async (id: string): Promise<CoinLookup> => {
  // A malformed id never reaches the store: it is a 404 like an unknown one.
  if (!isValidCoinId(id)) return { kind: "absent" };
  const viewStore = await readyViewStore();
  const view = viewStore.current;
  if (!view) return { kind: "waiting", missing: viewStore.status.missing };
  const match = findCoin(view.merged, id);
  if (!match) return { kind: "absent" };
  if (match.by === "ranking_id" && match.row.id !== id) return { kind: "moved", id: match.row.id };
  return { kind: "found", row: match.row, view };
});
