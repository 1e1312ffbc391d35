import type { MergedRow } from "@/lib/domain/merge";
import { formatSupply } from "@/lib/ui/coin/changes";
import { compactUsd, formatPrice } from "@/lib/ui/numbers";
import styles from "./coin.module.css";

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className={styles.stat}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span className={styles.statNote}>{note}</span>}
      </dd>
    </div>
  );
}

/** Market cap, 24h volume and circulating supply; a dash for whatever the provider did not give. */
export function CoinStats({ row }: { row: MergedRow }) {
  const { marketCapUsd: cap, volume24hUsd: volume, circulatingSupply: supply } = row;
  return (
    <section className={styles.section} aria-labelledby="stats-heading">
      <h2 id="stats-heading">Market data</h2>
      <dl className={styles.stats}>
        <Stat
          label="Market cap"
          value={cap === null ? "—" : compactUsd(cap)}
          note={cap === null ? undefined : formatPrice(cap)}
        />
        <Stat
          label="24h volume"
          value={volume === null ? "—" : compactUsd(volume)}
          note={volume === null ? undefined : formatPrice(volume)}
        />
        <Stat label="Circulating supply" value={supply === null ? "—" : formatSupply(supply, row.symbol)} />
      </dl>
    </section>
  );
}
