import "./top-table.css";
import { useEffect, useRef } from "react";
import type { SortKey, SortState } from "@/lib/ui/sort";
import type { TopRow as Row, SparklineMap } from "@/lib/ui/top-payload";
import { SortHeader } from "./sort-header";
import { TopRow } from "./top-row";

interface TopTableProps {
  rows: readonly Row[];
  /** The currency of the price, market cap and volume columns. */
  currency: string;
  caption: string;
  sort: SortState;
  onSort: (column: SortKey) => void;
  sparklines: SparklineMap | null;
  showMoves: boolean;
  query: string;
  onClearQuery: () => void;
  busy: boolean;
  /** Rows not rendered yet: their height is reserved below the rendered ones. */
  pendingRows: number;
  /** Asks for more rows: the next few, or all of them (`true`) once the keyboard is in use. */
  onNearEnd: (all: boolean) => void;
}

/** How far below the screen the reserved space starts asking for rows. */
const AHEAD = "600px";

function PendingRows({ count, onNearEnd }: { count: number; onNearEnd: (all: boolean) => void }) {
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || count === 0) return;
    // A fresh observer per count: its first report says whether the space is still in reach.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onNearEnd(false);
      },
      { rootMargin: `0px 0px ${AHEAD} 0px` },
    );
    observer.observe(element);
    // Keyboard and screen-reader users move through the table without scrolling it, and Ctrl/Cmd+F
    // searches only what is rendered: the first key press renders every row.
    const onKey = () => onNearEnd(true);
    window.addEventListener("keydown", onKey, { once: true });
    return () => {
      observer.disconnect();
      window.removeEventListener("keydown", onKey);
    };
  }, [count, onNearEnd]);
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row; nothing in it can take focus.
    <tr ref={ref} className="pending-rows" aria-hidden="true" style={{ height: `calc(var(--row-height) * ${count})` }}>
      <td colSpan={9} />
    </tr>
  );
}

const COLUMNS: { key: SortKey; label: string; numeric: boolean; className?: string }[] = [
  { key: "rank", label: "Rank", numeric: false, className: "rank" },
  { key: "name", label: "Coin", numeric: false, className: "coin" },
  { key: "price", label: "Price", numeric: true },
  { key: "change1h", label: "1h", numeric: true },
  { key: "change24h", label: "24h", numeric: true },
  { key: "change7d", label: "7d", numeric: true },
  { key: "marketCap", label: "Market cap", numeric: true },
  { key: "volume", label: "Volume 24h", numeric: true },
];

export function TopTable({
  rows,
  currency,
  caption,
  sort,
  onSort,
  sparklines,
  showMoves,
  query,
  onClearQuery,
  busy,
  pendingRows,
  onNearEnd,
}: TopTableProps) {
  return (
    // The container scrolls sideways on narrow screens; tabIndex lets keyboard users scroll it.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (axe scrollable-region-focusable).
    <section className="table-scroll" tabIndex={0} aria-label="Top coins table">
      <table className="top-table" aria-busy={busy || undefined}>
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col className="col-rank" />
          <col className="col-coin" />
          <col className="col-price" />
          <col className="col-change" />
          <col className="col-change" />
          <col className="col-change" />
          <col className="col-amount" />
          <col className="col-amount" />
          <col className="col-spark" />
        </colgroup>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <SortHeader
                key={column.key}
                column={column.key}
                label={column.label}
                numeric={column.numeric}
                className={column.className}
                sort={sort}
                onSort={onSort}
              />
            ))}
            <th scope="col" className="spark">
              Last 7 days
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <TopRow
              key={row.rankingId}
              row={row}
              sparkline={sparklines?.[row.rankingId]}
              showMove={showMoves}
              currency={currency}
            />
          ))}
          {pendingRows > 0 && <PendingRows count={pendingRows} onNearEnd={onNearEnd} />}
          {rows.length === 0 && (
            <tr className="empty-row">
              <td colSpan={9}>
                No coin matches “{query.trim()}” by name or symbol.{" "}
                <button type="button" className="link-button" onClick={onClearQuery}>
                  Clear the search
                </button>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
