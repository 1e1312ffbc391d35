"use client";
// The interactive part of `/`: polls the data, and owns the sort and search, mirrored in the URL
// with the limit and the currency.
// The server renders it first with the data, so the first paint already has the table.
import { useRouter } from "next/navigation";
import {
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
} from "react";
import { Freshness } from "@/components/freshness";
import { formatAge } from "@/lib/ui/numbers";
import { filterRows, nextSort, type SortKey, type SortState, sortRows } from "@/lib/ui/sort";
import type { SparklineMap } from "@/lib/ui/top-payload";
import { limitOptions, viewSearch } from "@/lib/ui/view-params";
import { rememberCurrency } from "./currency-picker";
import { TableControls } from "./table-controls";
import { TopTable } from "./top-table";
import { type TopResult, useSparklines, useTopData } from "./use-top-data";

/** Rows in the server's HTML: more than a desktop screen shows, about four screens on a phone. */
export const FIRST_ROWS = 24;
/** Rows added each time the reader scrolls near the end of the rendered ones. */
const ROWS_PER_STEP = 40;

export interface LiveDashboardProps {
  initial: TopResult;
  limit: number;
  /** The currency of the prices and amounts (`vs`); USD by default. */
  currency: string;
  depth: number;
  initialSort: SortState;
  initialQuery: string;
  /** Server-rendered sparklines, once the server has them; fetched by the client otherwise. */
  initialSparklines?: SparklineMap;
}

export function LiveDashboard({
  initial,
  limit,
  currency,
  depth,
  initialSort,
  initialQuery,
  initialSparklines,
}: LiveDashboardProps) {
  const { data, error } = useTopData(initial, limit, currency);
  const sparklines = useSparklines(limit, initialSparklines);
  const [sort, setSort] = useState(initialSort);
  const [query, setQuery] = useState(initialQuery);
  const deferredQuery = useDeferredValue(query);
  const [navigating, startNavigation] = useTransition();
  const router = useRouter();
  const searchRef = useRef<HTMLInputElement>(null);
  const { payload } = data;

  // Mirror sort and search into the URL without a navigation, so the view can be shared. The
  // first run only adds a currency the server took from the reader's cookie.
  const mounted = useRef(false);
  useEffect(() => {
    const search = viewSearch({ limit, vs: currency, sort, q: query }, depth);
    if (!mounted.current) {
      mounted.current = true;
      const named = new URLSearchParams(window.location.search).get("vs");
      if (currency === "USD" || named !== null) return;
    }
    if (search !== window.location.search)
      window.history.replaceState(null, "", `${window.location.pathname}${search}`);
  }, [limit, currency, depth, sort, query]);

  const onSort = useCallback((column: SortKey) => setSort((current) => nextSort(current, column)), []);
  const onLimit = useCallback(
    (next: number) => {
      // A new limit is new data: the server renders it, and the sort and search carry over.
      startNavigation(() =>
        router.push(`/${viewSearch({ limit: next, vs: currency, sort, q: query }, depth)}`, { scroll: false }),
      );
    },
    [router, currency, sort, query, depth],
  );
  const onCurrency = useCallback(
    (next: string) => {
      // New amounts are new data: the server renders them in the new currency, and remembers it.
      rememberCurrency(next);
      startNavigation(() =>
        router.push(`/${viewSearch({ limit, vs: next, sort, q: query }, depth)}`, { scroll: false }),
      );
    },
    [router, limit, sort, query, depth],
  );
  const onClearQuery = useCallback(() => {
    setQuery("");
    searchRef.current?.focus();
  }, []);

  const sorted = useMemo(() => sortRows(payload.data, sort), [payload.data, sort]);
  const visible = useMemo(() => filterRows(sorted, deferredQuery), [sorted, deferredQuery]);

  // The server renders the first screenful of rows and reserves the height of the rest; those
  // render as the reader scrolls toward them (or starts using the keyboard). On a phone, laying out
  // all 200 rows at once is over a second of blocked main thread, for rows nobody sees yet.
  const [rendered, setRendered] = useState(FIRST_ROWS);
  const complete = rendered >= visible.length;
  const onNearEnd = useCallback(
    (all: boolean) =>
      startTransition(() => setRendered((count) => (all ? Number.POSITIVE_INFINITY : count + ROWS_PER_STEP))),
    [],
  );
  const shownRows = useMemo(() => (complete ? visible : visible.slice(0, rendered)), [complete, visible, rendered]);
  // Right after a start every coin is "new": with no earlier ranking there is no movement to show.
  const showMoves = useMemo(() => payload.data.some((row) => row.rankChange !== null), [payload.data]);
  const { meta } = payload;

  return (
    <>
      <Freshness ranking={meta.ranking} pricing={meta.pricing} generatedAt={meta.generatedAt} />
      {error && (
        <p className="banner banner-error" role="alert">
          <strong>Could not refresh:</strong> {error.message}. Showing the data from before; retrying.
        </p>
      )}
      {meta.currency && meta.currency.code !== "USD" && <CurrencyNote currency={meta.currency} />}
      <TableControls
        limit={limit}
        limits={limitOptions(depth, limit)}
        onLimit={onLimit}
        currency={currency}
        onCurrency={onCurrency}
        query={query}
        onQuery={setQuery}
        searchRef={searchRef}
        shown={visible.length}
        total={payload.data.length}
      />
      <TopTable
        rows={shownRows}
        currency={currency}
        pendingRows={visible.length - shownRows.length}
        onNearEnd={onNearEnd}
        caption={`Top ${meta.count} coins ranked by ${meta.ranking.provider}, priced by ${meta.pricing.provider}, in ${currency}. Column headers sort the table.`}
        sort={sort}
        onSort={onSort}
        sparklines={sparklines}
        showMoves={showMoves}
        query={deferredQuery}
        onClearQuery={onClearQuery}
        busy={navigating}
      />
    </>
  );
}

/** Where the page's exchange rate comes from and how fresh it is; a stale rate says so. */
function CurrencyNote({ currency }: { currency: NonNullable<TopResult["payload"]["meta"]["currency"]> }) {
  const checked = currency.ageSeconds === null ? "never checked" : `checked ${formatAge(currency.ageSeconds)}`;
  return (
    <p
      className={currency.stale ? "currency-note banner banner-warn" : "currency-note muted"}
      data-stale={currency.stale}
    >
      Prices in {currency.name} ({currency.code}) at {currency.source}&rsquo;s exchange rate, {checked}
      {currency.stale && `: the rate is stale${currency.lastError ? ` (${currency.lastError})` : ""}`}.
    </p>
  );
}
