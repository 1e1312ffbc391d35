import type { MergedRow } from "@/lib/domain/merge";
import { formatPrice } from "@/lib/ui/numbers";
import { ChangeText } from "./change-text";
import styles from "./coin.module.css";

const STATUS_TEXT = {
  ok: "",
  not_listed: "Not listed by the pricing provider.",
  ambiguous: "Ambiguous match.",
} as const;

/** The price, or a dash with the reason there is none, and the 1h, 24h and 7d changes. */
export function CoinPrice({ row }: { row: MergedRow }) {
  const changes = [
    ["1h", row.change1hPct],
    ["24h", row.change24hPct],
    ["7d", row.change7dPct],
  ] as const;
  return (
    <section aria-labelledby="price-heading">
      <h2 id="price-heading" className={styles.priceHeading}>
        Price (USD)
      </h2>
      <p className={styles.price} data-testid="coin-price">
        {row.priceUsd === null ? "—" : formatPrice(row.priceUsd)}
      </p>
      {row.priceUsd === null && (
        <p className={styles.reason}>
          No price. {STATUS_TEXT[row.priceStatus]} {row.priceReason}
        </p>
      )}
      <ul className={styles.changes} aria-label="Price change">
        {changes.map(([label, pct]) => (
          <li key={label}>
            <span className={styles.changeLabel}>{label}</span>
            <ChangeText pct={pct} />
          </li>
        ))}
      </ul>
    </section>
  );
}
