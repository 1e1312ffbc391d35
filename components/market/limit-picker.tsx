import Link from "next/link";
import { LIMITS, type MarketLimit } from "@/lib/ui/market/liquidity";
import styles from "./market.module.css";

/** How many top coins the view covers: plain links, so it works before and without JavaScript. */
export function LimitPicker({ current }: { current: MarketLimit }) {
  return (
    <nav className={styles.limits} aria-labelledby="limit-label">
      <span id="limit-label" className={styles.limitLabel}>
        Coins shown
      </span>
      <ul className={styles.limitList}>
        {LIMITS.map((limit) => (
          <li key={limit}>
            <Link href={`/market?limit=${limit}`} aria-current={limit === current ? "page" : undefined}>
              Top {limit}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
