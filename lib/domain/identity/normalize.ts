// How identity matching reads symbols, names and slugs: each provider's known quirks removed,
// names reduced to the words that tell coins apart. Pure, and cheap: a merge reads thousands.

/**
 * Words that say what kind of thing a coin is rather than which one: "X Network Token" and "X"
 * name the same coin. A name made only of such words keeps them (else "Coin" would be nameless).
 */
const GENERIC_WORDS = new Set(["token", "tokens", "coin", "coins", "network", "protocol", "the", "official"]);

/**
 * The symbol as identity compares it: upper case, without spaces, and without the provider's own
 * decorations. CryptoCompare disambiguates a second coin with a taken ticker by a trailing `*`
 * ("HOT*" is Hydro Protocol), so the star is not part of the coin's symbol.
 */
export function symbolKey(provider: string, symbol: string): string {
  let key = isUpperAlnum(symbol) ? symbol : symbol.toUpperCase();
  if (!isUpperAlnum(key)) key = key.normalize("NFKC").toUpperCase().replace(/\s+/g, "");
  if (provider === "cryptocompare") {
    let end = key.length;
    while (end > 0 && key.charCodeAt(end - 1) === 0x2a) end--;
    key = key.slice(0, end);
  }
  return key;
}

function isUpperAlnum(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39))) return false;
  }
  return true;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Lower-case ASCII words of a name or slug, diacritics removed: "Hydro-Protocol" → ["hydro", "protocol"]. */
export function words(text: string): string[] {
  const folded = (isAscii(text) ? text : text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")).toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    const code = folded.charCodeAt(i);
    const inWord = (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(folded.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(start === 0 ? folded : folded.slice(start));
  return out;
}

/** What a name (or a slug) contributes to identity. */
export interface NameKeys {
  /** The distinguishing words, sorted and unique. */
  words: readonly string[];
  /** Those words joined in their order: "Alpha Beta" and "AlphaBeta" share it. */
  key: string;
  /** Every word joined, generic ones included: "binancecoin" for "Binance Coin". */
  full: string;
}

export const NO_NAME: NameKeys = { words: [], key: "", full: "" };

export function nameKeys(text: string): NameKeys {
  return keysOf(words(text));
}

/** The keys of words already split (a slug's words are the name's when the slug is the name's). */
export function keysOf(all: readonly string[]): NameKeys {
  if (all.length === 0) return NO_NAME;
  if (all.length === 1) {
    const only = all[0] as string;
    return { words: all, key: only, full: only };
  }
  let kept = all.filter((word) => !GENERIC_WORDS.has(word));
  if (kept.length === 0) kept = [...all];
  const key = kept.join("");
  const full = kept.length === all.length ? key : all.join("");
  if (kept.length > 1) kept = [...new Set(kept)].sort();
  return { words: kept, key, full };
}

/** "Lower-case ASCII letters and digits only": "Hydro Protocol" → "hydroprotocol". */
export function normalizeName(name: string): string {
  return words(name).join("");
}

/** True when every word of `inner` is a word of `outer` (both sorted, unique). */
function containsAll(outer: readonly string[], inner: readonly string[]): boolean {
  if (inner.length === 0 || inner.length > outer.length) return false;
  let i = 0;
  for (const word of outer) {
    if (word === inner[i]) i++;
    if (i === inner.length) return true;
  }
  return false;
}

export type NameAgreement = "exact" | "contains" | null;

/**
 * Whether two names name the same coin: the same distinguishing words (in any spacing), or one
 * name's words all inside the other's ("Velora" and "Velora Network Token"). A containment needs
 * at least three characters and a letter on the inner side: "X" or "42" does not agree with everything.
 */
export function namesAgree(a: NameKeys, b: NameKeys): NameAgreement {
  if (a.key === "" || b.key === "") return null;
  if (a.key === b.key || a.full === b.full) return "exact";
  const [inner, outer] = a.words.length <= b.words.length ? [a, b] : [b, a];
  if (inner.key.length >= 3 && /[a-z]/.test(inner.key) && containsAll(outer.words, inner.words)) return "contains";
  return null;
}

/** Whether two names share a distinguishing word, or are the same once spacing is ignored. */
export function namesShareAWord(a: NameKeys, b: NameKeys): boolean {
  if (a.key !== "" && (a.key === b.key || a.full === b.full)) return true;
  let i = 0;
  let j = 0;
  while (i < a.words.length && j < b.words.length) {
    const x = a.words[i] as string;
    const y = b.words[j] as string;
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}

/** A URL-safe slug: lower-case ASCII letters, digits and single dashes. */
export function slugify(text: string): string {
  return words(text).join("-");
}
