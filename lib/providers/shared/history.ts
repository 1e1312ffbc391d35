// The history point every provider's history client returns, whatever its own time unit.

/** One point of a coin's USD price history. */
export interface HistoryClose {
  /** The period's start (CryptoCompare) or the provider's sampling instant (CoinGecko). */
  ts: Date;
  priceUsd: number;
  /** The USD volume the provider reports with the point, when it sends one. */
  volume24hUsd: number | null;
}
