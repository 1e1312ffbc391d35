import { memo } from "react";
import { CoinAvatar } from "@/components/coin-avatar";
import { Sparkline } from "@/components/sparkline";
import {
  compactAmount,
  describePriceCheck,
  describeRankChange,
  directionOf,
  formatPct,
  formatPrice,
} from "@/lib/ui/numbers";
import { amountsIn, type TopRow as Row } from "@/lib/ui/top-payload";

interface TopRowProps {
  row: Row;
  sparkline: readonly number[] | undefined;
  showMove: boolean;
  /** The currency of the price, market cap and volume cells. */
  currency: string;
}

// Cells are plain functions, not components: 200 rows hydrate with half the fibers (measured on a
// throttled CPU), which is most of the page's start-up work.
function missingCell(reason: string, title?: string) {
  return (
    <td className="num missing" title={title}>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{reason}</span>
    </td>
  );
}

function changeCell(value: number | null) {
  if (value === null) return missingCell("no data");
  // The arrow comes from CSS (.change.up::before), one element less per cell; the sign is in the text.
  return <td className={`num change ${directionOf(value)}`}>{formatPct(value)}</td>;
}

function amountCell(value: number | null, currency: string) {
  return value === null ? missingCell("no data") : <td className="num">{compactAmount(value, currency)}</td>;
}

function rankCell(rank: number, change: number | null, showMove: boolean) {
  const move = describeRankChange(change);
  return (
    <td className="rank">
      <span className="rank-number">{rank}</span>
      {showMove && move.text && (
        <span className={`rank-move ${move.direction}`} title={move.label}>
          <span aria-hidden="true">{move.text}</span>
          <span className="sr-only">{move.label}</span>
        </span>
      )}
    </td>
  );
}

function coinCell(row: Row) {
  // A plain link: next/link's per-instance hooks cost more than they give across 200 rows.
  return (
    <th scope="row" className="coin">
      {CoinAvatar({ symbol: row.symbol, name: row.name })}
      <a href={`/coins/${encodeURIComponent(row.id)}`} className="coin-name">
        {row.name}
      </a>
      <span className="coin-symbol">{row.symbol}</span>
    </th>
  );
}

// Memoized: a refresh keeps the identity of every unchanged row (structural sharing), so only
// the rows whose values moved render again.
export const TopRow = memo(function TopRow({ row, sparkline, showMove, currency }: TopRowProps) {
  const reason = row.priceReason ?? "no price";
  const amounts = amountsIn(row, currency);
  return (
    <tr>
      {rankCell(row.rank, row.rankChange, showMove)}
      {coinCell(row)}
      {amounts.price === null ? (
        missingCell(`No price: ${reason}`, reason)
      ) : row.priceCheck ? (
        // The two providers disagree on this coin's price: say so beside it, in words too.
        <td className="num price" title={describePriceCheck(row.priceCheck)}>
          <span className="price-check" aria-hidden="true">
            ≠
          </span>
          {formatPrice(amounts.price, currency)}
          <span className="sr-only">. {describePriceCheck(row.priceCheck)}</span>
        </td>
      ) : (
        <td className="num price">{formatPrice(amounts.price, currency)}</td>
      )}
      {changeCell(row.change1hPct)}
      {changeCell(row.change24hPct)}
      {changeCell(row.change7dPct)}
      {amountCell(amounts.marketCap, currency)}
      {amountCell(amounts.volume, currency)}
      <td className="spark">{sparkline && <Sparkline values={sparkline} />}</td>
    </tr>
  );
});
