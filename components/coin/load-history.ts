// The coin page's first chart: the default (or ?range=) history read straight from the store, in
// the API's own shape, so the browser draws the page without asking for it. Server only.
import type { MergedRow } from "@/lib/domain/merge";
import { type HistoryBody, parseHistoryBody } from "@/lib/ui/coin/history";
import type { Range } from "@/lib/ui/coin/time-axis";
import { readCoinHistory } from "@/lib/web/history-handler";
import type { TopView } from "@/lib/web/view";
import { readyViewStore } from "@/lib/web/view-store";

/** The history the API would answer; null when the store cannot be read, and the browser asks instead. */
export async function loadHistory(view: TopView, row: MergedRow, range: Range): Promise<HistoryBody | null> {
  const viewStore = await readyViewStore();
  try {
    // Checked by the same contract as an API answer, so both paths hand the chart the same points.
    return parseHistoryBody(await readCoinHistory(viewStore.store, view, row, range, new Date()));
  } catch (error) {
    viewStore.logger.error({ err: error, id: row.rankingId, range }, "price history read for the coin page failed");
    return null;
  }
}
