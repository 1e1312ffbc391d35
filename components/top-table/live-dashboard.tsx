"use client";
// The interactive part of `/`: polls the data, and owns the sort and search, mirrored in the URL.
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
import { filterRows, nextSort, type SortKey, type SortState, sortRows } from "@/lib/ui/sort";
import type { SparklineMap } from "@/lib/ui/top-payload";
import { limitOptions, viewSearch } from "@/lib/ui/view-params";
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
  depth: number;
  initialSort: SortState;
  initialQuery: string;
  /** Server-rendered sparklines, once the server has them; fetched by the client otherwise. */
  initialSparklines?: SparklineMap;
}

export function LiveDashboard({
  initial,
  limit,
  depth,
  initialSort,
  initialQuery,
  initialSparklines,
}: LiveDashboardProps) {
  const { data, error } = useTopData(initial, limit);
  const sparklines = useSparklines(limit, initialSparklines);
  const [sort, setSort] = useState(initialSort);
  const [query, setQuery] = useState(initialQuery);
  const deferredQuery = useDeferredValue(query);
  const [navigating, startNavigation] = useTransition();
  const router = useRouter();
  const searchRef = useRef<HTMLInputElement>(null);
  const { payload } = data;

  // Mirror sort and search into the URL without a navigation, so the view can be shared.
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const search = viewSearch({ limit, sort, q: query }, depth);
    if (search !== window.location.search)
      window.history.replaceState(null, "", `${window.location.pathname}${search}`);
  }, [limit, depth, sort, query]);

  const onSort = useCallback((column: SortKey) => setSort((current) => nextSort(current, column)), []);
  const onLimit = useCallback(
    (next: number) => {
      // A new limit is new data: the server renders it, and the sort and search carry over.
      startNavigation(() => router.push(`/${viewSearch({ limit: next, sort, q: query }, depth)}`, { scroll: false }));
    },
    [router, sort, query, depth],
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
      <TableControls
        limit={limit}
        limits={limitOptions(depth, limit)}
        onLimit={onLimit}
        query={query}
        onQuery={setQuery}
        searchRef={searchRef}
        shown={visible.length}
        total={payload.data.length}
      />
      <TopTable
        rows={shownRows}
        pendingRows={visible.length - shownRows.length}
        onNearEnd={onNearEnd}
        caption={`Top ${meta.count} coins ranked by ${meta.ranking.provider}, priced by ${meta.pricing.provider}. Column headers sort the table.`}
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
