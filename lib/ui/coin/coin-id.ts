// Coin ids in page URLs are stable Top Coins ids, or the ranking provider's ids of older links
// (redirected); anything else is a 404 before any lookup.
const COIN_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function isValidCoinId(id: string): boolean {
  return COIN_ID.test(id);
}

/** The coin page's path for a coin's stable id. */
export function coinPath(id: string): string {
  return `/coins/${encodeURIComponent(id)}`;
}
