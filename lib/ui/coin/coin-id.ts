// Coin ids in page URLs are ranking provider ids; anything else is a 404 before any lookup.
const COIN_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function isValidCoinId(id: string): boolean {
  return COIN_ID.test(id);
}

/** The coin page's path for a ranking id. */
export function coinPath(rankingId: string): string {
  return `/coins/${encodeURIComponent(rankingId)}`;
}
