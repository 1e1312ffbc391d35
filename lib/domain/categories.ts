// The coin classes users can leave out of a list (`exclude=stablecoins,wrapped`), derived from each
// provider's own words in this one place. Pure. A coin's categories are null when its provider said
// nothing about it (CryptoCompare, a body without tags): such a coin is never excluded.

/** The classes Top Coins knows: a coin may be both (a wrapped stablecoin). */
export const COIN_CATEGORIES = ["stablecoin", "wrapped"] as const;
export type CoinCategory = (typeof COIN_CATEGORIES)[number];

/** `exclude=` names each class in the plural users say it in; `wrapped` stays `wrapped`. */
export const EXCLUDE_NAMES: Readonly<Record<string, CoinCategory>> = {
  stablecoins: "stablecoin",
  wrapped: "wrapped",
};

/**
 * CoinMarketCap `tags` (listings/latest and quotes/latest) → classes:
 * - stablecoin: `stablecoin`, any tag ending in `-stablecoin` (`usd-stablecoin`, `fiat-stablecoin`,
 *   `asset-backed-stablecoin`, `algorithmic-stablecoin`, `eur-stablecoin`, …) and the older names
 *   starting with `stablecoin-` (`stablecoin-asset-backed`, 2019–2021 bodies);
 * - wrapped: `wrapped-tokens`.
 * Other tags (`tokenized-gold`, `bridged-tokens`, `liquid-staking-derivatives`) are not these classes.
 */
export function categoriesFromCmcTags(tags: readonly string[] | null | undefined): CoinCategory[] | null {
  if (tags === null || tags === undefined) return null;
  let stablecoin = false;
  let wrapped = false;
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (tag === "stablecoin" || tag.endsWith("-stablecoin") || tag.startsWith("stablecoin-")) stablecoin = true;
    else if (tag === "wrapped-tokens") wrapped = true;
  }
  return ordered(stablecoin, wrapped);
}

/**
 * CoinGecko category ids whose coins belong to each class: `/coins/markets?category=<id>` lists
 * them. One call per class: `stablecoins` and `wrapped-tokens`.
 */
export const COINGECKO_CATEGORY_IDS: Readonly<Record<CoinCategory, string>> = {
  stablecoin: "stablecoins",
  wrapped: "wrapped-tokens",
};

/**
 * A CoinGecko coin's classes from the members of each category list; null while the lists are
 * unknown (not fetched yet, or their fetch failed).
 */
export function categoriesFromCoinGecko(
  id: string,
  members: Readonly<Record<CoinCategory, ReadonlySet<string>>> | null,
): CoinCategory[] | null {
  if (members === null) return null;
  return ordered(members.stablecoin.has(id), members.wrapped.has(id));
}

function ordered(stablecoin: boolean, wrapped: boolean): CoinCategory[] {
  const out: CoinCategory[] = [];
  if (stablecoin) out.push("stablecoin");
  if (wrapped) out.push("wrapped");
  return out;
}

/**
 * A merged row's classes: what either provider says (a coin both providers describe is in a class
 * when either puts it there); null when neither said anything.
 */
export function mergeCategories(
  ranking: readonly CoinCategory[] | null | undefined,
  pricing: readonly CoinCategory[] | null | undefined,
): CoinCategory[] | null {
  if ((ranking === null || ranking === undefined) && (pricing === null || pricing === undefined)) return null;
  const has = (category: CoinCategory) => ranking?.includes(category) === true || pricing?.includes(category) === true;
  return ordered(has("stablecoin"), has("wrapped"));
}

/** The store's text for a coin's classes: null unknown, "" none, else comma-separated. */
export function categoriesToText(categories: readonly CoinCategory[] | null | undefined): string | null {
  return categories === null || categories === undefined ? null : categories.join(",");
}

/** The classes back from the store's text; names it does not know (from a newer version) are skipped. */
export function categoriesFromText(text: string | null): CoinCategory[] | null {
  if (text === null) return null;
  const names = new Set(text.split(","));
  return COIN_CATEGORIES.filter((category) => names.has(category));
}
