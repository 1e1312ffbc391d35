// `topcoins top` without --url: the web's own view of the store (ViewStore: the same snapshot
// pair, merge, overrides and rank movement) and the web's own JSON and CSV bodies.
import type { AppConfig } from "../../lib/config";
import { createLogger } from "../../lib/log";
import { describeStoreUrl } from "../../lib/store";
import { currencyProblem, prepareTopBody, servedRows } from "../../lib/web/top-body";
import type { TopQuery } from "../../lib/web/top-query";
import { ViewStore } from "../../lib/web/view-store";
import { type CliIo, clock, writeLines } from "../io";
import { readOverridesFile } from "../overrides-file";
import { openExistingStore, SERVICES_HINT } from "../store-access";
import type { TopFormat } from "./top";
import { renderTopTable } from "./top-table";

/** The query as the API would take it; `format`: the table is drawn from the selected rows. */
export async function topFromStore(config: AppConfig, query: TopQuery, format: TopFormat, io: CliIo): Promise<number> {
  const overrides = readOverridesFile(config.OVERRIDES_FILE);
  const opened = openExistingStore(config.DATABASE_URL);
  if (!opened.ok) {
    io.stderr.write(`topcoins top: ${opened.problem}\n`);
    return 1;
  }
  const viewStore = new ViewStore({
    store: opened.store,
    overrides,
    unlinkAfter: config.IDENTITY_UNLINK_AFTER,
    depth: config.RANKING_DEPTH,
    staleFactor: config.STALE_FACTOR,
    divergencePct: config.PRICE_DIVERGENCE_PCT,
    logger: createLogger("topcoins", "silent"),
    now: clock(io),
  });
  try {
    await viewStore.refresh();
    const view = viewStore.current;
    if (view === null) {
      const { status } = viewStore;
      const store = describeStoreUrl(config.DATABASE_URL);
      const problem = status.storeReachable
        ? `the store ${store} has no data yet: waiting for the first ${status.missing.join(" and ") || "complete pair of"} snapshot; ${SERVICES_HINT}`
        : `cannot read the store ${store}: ${status.storeError ?? "unknown error"}`;
      io.stderr.write(`topcoins top: ${problem}\n`);
      return 1;
    }
    const problem = currencyProblem(view, query, true, viewStore.clock());
    if (problem) {
      io.stderr.write(`topcoins top: ${problem.message}\n`);
      return 1;
    }
    if (format === "table") {
      // The API's rows, currency and all.
      const { rows, currency } = servedRows(view, query);
      writeLines(io.stdout, renderTopTable(rows, currency ? { ...view.meta, currency } : view.meta));
    } else {
      const { body } = prepareTopBody(view, query);
      // The CSV body ends its own lines (CRLF); the JSON body is one line without an end.
      io.stdout.write(format === "json" ? `${body}\n` : body);
    }
    return 0;
  } finally {
    await viewStore.stop();
  }
}
