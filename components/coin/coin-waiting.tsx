import Link from "next/link";
import styles from "./coin.module.css";
import theme from "./theme.module.css";

/** Before the first snapshots exist nobody can tell whether a coin id is known: say so, not 404. */
export function CoinWaiting({ missing }: { missing: string[] }) {
  return (
    <main id="main" className={`${theme.theme} ${styles.page}`}>
      <h1 className={styles.title}>Coin</h1>
      <p className={styles.notice} role="status">
        No data yet: waiting for the first {missing.join(" and ") || "snapshots"}. Reload in a moment.
      </p>
      <p>
        <Link href="/">Back to the top coins</Link>
      </p>
    </main>
  );
}
