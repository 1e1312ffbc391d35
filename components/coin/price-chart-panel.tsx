"use client";
// The price chart's frame: range buttons (kept in ?range=), the history query and its states.
// The frame renders on the server; recharts loads only in the browser, once the page has painted.
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { fetchHistory, type HistoryBody, HistoryError } from "@/lib/ui/coin/history";
import { DEFAULT_RANGE, parseRange, RANGES, type Range } from "@/lib/ui/coin/time-axis";
import styles from "./chart.module.css";
import { ChartSummary } from "./chart-summary";
import theme from "./theme.module.css";

const loadChart = () => import("./price-chart");

function Loading({ text }: { text: string }) {
  return (
    <div className={styles.state} role="status">
      <span className={styles.skeleton} aria-hidden="true" />
      <span className={styles.loadingText}>{text}</span>
    </div>
  );
}

const PriceChart = dynamic(loadChart, { ssr: false, loading: () => <Loading text="Drawing the chart…" /> });

const RANGE_WORDS: Record<Range, string> = {
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
  "90d": "90 days",
  "1y": "year",
};

function ChartBody({ coinName, range, query }: { coinName: string; range: Range; query: HistoryQuery }) {
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
  if (query.data.points.length < 2) {
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
  return <PriceChart points={query.data.points} range={range} coinName={coinName} />;
}

type HistoryQuery = ReturnType<typeof useHistory>;

function useHistory(coinId: string, range: Range) {
  return useQuery<HistoryBody, Error>({
    queryKey: ["coin-history", coinId, range],
    queryFn: ({ signal }) => fetchHistory(coinId, range, signal),
    staleTime: 60_000,
    // Only a server with no data yet or a failure is worth asking again; a 4xx will not change.
    retry: (failures, error) => error instanceof HistoryError && error.transient && failures < 2,
  });
}

export function PriceChartPanel({ coinId, coinName }: { coinId: string; coinName: string }) {
  const searchParams = useSearchParams();
  const range = parseRange(searchParams.get("range")) ?? DEFAULT_RANGE;
  const query = useHistory(coinId, range);

  // Fetch recharts alongside the history instead of after it.
  useEffect(() => {
    void loadChart();
  }, []);

  function select(next: Range) {
    const params = new URLSearchParams(searchParams.toString());
    params.set("range", next);
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
      <div className={styles.box} aria-busy={query.isPending} data-testid="chart-box" data-range={range}>
        <ChartBody coinName={coinName} range={range} query={query} />
      </div>
      <ChartSummary points={query.data?.points} range={RANGE_WORDS[range]} />
    </section>
  );
}
