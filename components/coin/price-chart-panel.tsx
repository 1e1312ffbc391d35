"use client";
// The price chart's frame: range buttons (kept in ?range=), the history query and its states.
// The server hands over the first range's history, drawn as a static SVG; recharts loads only when
// the reader reaches for the chart (pointer, touch, focus) or picks another range.
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { createContext, type ReactNode, useContext, useRef, useState } from "react";
import { fetchHistory, type HistoryBody, HistoryError } from "@/lib/ui/coin/history";
import { DEFAULT_RANGE, parseRange, RANGES, type Range } from "@/lib/ui/coin/time-axis";
import styles from "./chart.module.css";
import { ChartSummary } from "./chart-summary";
import { chartLabel, StaticPriceChart } from "./static-price-chart";
import theme from "./theme.module.css";

function Loading({ text }: { text: string }) {
  return (
    <div className={styles.state} role="status">
      <span className={styles.skeleton} aria-hidden="true" />
      <span className={styles.loadingText}>{text}</span>
    </div>
  );
}

/** What stands in for recharts while its chunk loads: the static chart of the same points. */
const ChartFallback = createContext<ReactNode>(null);
const ShowFallback = () => useContext(ChartFallback);

const PriceChart = dynamic(() => import("./price-chart"), { ssr: false, loading: ShowFallback });

const RANGE_WORDS: Record<Range, string> = {
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
  "1y": "year",
};

interface ChartBodyProps {
  coinName: string;
  /** The server's drawing of the data it handed over; used while the query still holds that data. */
  serverChart: ReactNode;
  range: Range;
  query: HistoryQuery;
  interactive: boolean;
  focusOnMount: boolean;
}

function ChartBody({ coinName, serverChart, range, query, interactive, focusOnMount }: ChartBodyProps) {
  if (query.isPending) return <Loading text={`Loading the price history for the last ${RANGE_WORDS[range]}…`} />;
  if (query.isError) {
    const { error } = query;
    return (
      <div className={styles.state} role="status">
        <strong>The price history could not be loaded.</strong>
        <span>{error.message}</span>
        <button type="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const { points } = query.data;
  if (points.length < 2) {
    return (
      <div className={styles.state} role="status">
        <strong>No history yet</strong>
        <span>
          There are not yet enough prices of {coinName} for the last {RANGE_WORDS[range]} to draw a line. Prices are
          recorded as they come in.
        </span>
      </div>
    );
  }
  const still = serverChart ?? <StaticPriceChart points={points} range={range} label={chartLabel(coinName, range)} />;
  if (!interactive) return still;
  return (
    <ChartFallback value={still}>
      <PriceChart points={points} range={range} coinName={coinName} focusOnMount={focusOnMount} />
    </ChartFallback>
  );
}

type HistoryQuery = ReturnType<typeof useHistory>;

function useHistory(coinId: string, range: Range, initial: HistoryBody | undefined) {
  return useQuery<HistoryBody, Error>({
    queryKey: ["coin-history", coinId, range],
    queryFn: ({ signal }) => fetchHistory(coinId, range, signal),
    // The server read it for this very page view: fresh, so the first load asks for nothing.
    initialData: initial,
    staleTime: 60_000,
    // Only a server with no data yet or a failure is worth asking again; a 4xx will not change.
    retry: (failures, error) => error instanceof HistoryError && error.transient && failures < 2,
  });
}

interface PriceChartPanelProps {
  coinId: string;
  coinName: string;
  /** The history of `initialRange` as the server read it; null when it could not. */
  initial: HistoryBody | null;
  initialRange: Range;
  /** The server's static chart of `initial`. */
  initialChart: ReactNode;
}

export function PriceChartPanel({ coinId, coinName, initial, initialRange, initialChart }: PriceChartPanelProps) {
  const searchParams = useSearchParams();
  const range = parseRange(searchParams.get("range")) ?? DEFAULT_RANGE;
  const query = useHistory(coinId, range, range === initialRange ? (initial ?? undefined) : undefined);
  const [interactive, setInteractive] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const [focusOnMount, setFocusOnMount] = useState(false);

  function wake() {
    if (interactive) return;
    // Focus was on the static chart: hand it to recharts' surface when that replaces it.
    setFocusOnMount(box.current?.contains(document.activeElement) ?? false);
    setInteractive(true);
  }

  function select(next: Range) {
    const params = new URLSearchParams(searchParams.toString());
    params.set("range", next);
    setInteractive(true);
    // Next keeps useSearchParams in step with replaceState; no server round trip for a range switch.
    window.history.replaceState(null, "", `?${params.toString()}`);
  }

  return (
    <section className={styles.panel} aria-labelledby="chart-heading">
      <div className={styles.head}>
        <h2 id="chart-heading">Price history</h2>
        <fieldset className={styles.ranges}>
          <legend className={theme.visuallyHidden}>Chart range</legend>
          {RANGES.map((option) => (
            <button key={option} type="button" aria-pressed={option === range} onClick={() => select(option)}>
              {option}
            </button>
          ))}
        </fieldset>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the listeners only load the chart; the chart inside is what reacts to the reader. */}
      <div
        ref={box}
        className={styles.box}
        aria-busy={query.isPending}
        data-testid="chart-box"
        data-range={range}
        onPointerEnter={wake}
        onTouchStart={wake}
        onFocus={wake}
      >
        <ChartBody
          coinName={coinName}
          serverChart={initial !== null && query.data === initial ? initialChart : null}
          range={range}
          query={query}
          interactive={interactive}
          focusOnMount={focusOnMount}
        />
      </div>
      <ChartSummary points={query.data?.points} range={RANGE_WORDS[range]} />
    </section>
  );
}
