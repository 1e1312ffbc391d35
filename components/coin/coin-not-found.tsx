import Link from "next/link";
import styles from "./coin.module.css";
import theme from "./theme.module.css";

/** The coin page's 404: an unknown or malformed coin id. */
export function CoinNotFound() {
  return (
    <main id="main" className={`${theme.theme} ${styles.page}`}>
      <h1 className={styles.title}>Coin not found</h1>
      <p>
        No coin with this id is in the current top list. Coins leave the page when they drop out of the ranking, and ids
        are the ranking provider&apos;s ids, as in the links on the top list.
      </p>
      <ul>
        <li>
          <Link href="/">Top coins</Link>
        </li>
        <li>
          <Link href="/market">Market view</Link>
        </li>
      </ul>
    </main>
  );
}
