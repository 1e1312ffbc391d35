/**
 * Pronounceable synthetic coin names and symbols. Uniqueness is enforced here, across both
 * providers, so the only symbol collisions in the universe are the designed hard cases: an
 * accidental collision would make the merge's "right answer" depend on luck.
 */
import { intBetween, pick, type Rng } from "./prng";

const ONSETS = [
  "b",
  "c",
  "d",
  "f",
  "g",
  "k",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "t",
  "v",
  "z",
  "br",
  "cr",
  "dr",
  "tr",
  "st",
];
const VOWELS = ["a", "e", "i", "o", "u", "ae", "ia", "io", "ou"];
const CODAS = ["", "", "", "n", "r", "s", "x", "l", "th", "m"];
const SUFFIXES = [
  "",
  "",
  "",
  " Network",
  " Protocol",
  " Finance",
  " Chain",
  " Coin",
  " Token",
  " Labs",
  " Swap",
  " DAO",
];

/** Lowercase letters and digits only, the way a merge compares names. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

export interface NameRegistry {
  /** Claims a designed asset's symbol and name; designed collisions may share a symbol on purpose. */
  reserve(symbol: string, name: string): void;
  /** A fresh pronounceable name whose stem, normalized name and symbol are all unused. */
  fresh(rng: Rng): { name: string; symbol: string };
}

export function createNameRegistry(): NameRegistry {
  const symbols = new Set<string>();
  const names = new Set<string>();
  const stems = new Set<string>();

  const reserve = (symbol: string, name: string) => {
    symbols.add(symbol);
    names.add(normalizeName(name));
    stems.add(normalizeName(name.split(" ")[0] ?? name));
  };

  const fresh = (rng: Rng) => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const stem = makeStem(rng);
      const key = stem.toLowerCase();
      if (stems.has(key)) continue;
      const name = `${stem}${pick(rng, SUFFIXES)}`;
      const symbol = symbolCandidates(stem).find((candidate) => !symbols.has(candidate));
      if (!symbol || names.has(normalizeName(name))) continue;
      symbols.add(symbol);
      names.add(normalizeName(name));
      stems.add(key);
      return { name, symbol };
    }
    throw new Error("Name space exhausted: the universe is too large for the syllable tables");
  };

  return { reserve, fresh };
}

function makeStem(rng: Rng): string {
  const syllables = intBetween(rng, 2, 3);
  let stem = "";
  for (let i = 0; i < syllables; i++) {
    stem += pick(rng, ONSETS) + pick(rng, VOWELS);
  }
  stem += pick(rng, CODAS);
  return stem.charAt(0).toUpperCase() + stem.slice(1);
}

/** Ticker-like abbreviations of a stem, shortest first: "Zarovian" → ZAR, ZRV, ZRVN, ZAROV… */
function symbolCandidates(stem: string): string[] {
  const upper = stem.toUpperCase();
  const first = upper.charAt(0);
  const consonants = first + upper.slice(1).replace(/[AEIOU]/g, "");
  const candidates = [upper.slice(0, 3), consonants.slice(0, 3), consonants.slice(0, 4), upper.slice(0, 4)];
  candidates.push(upper.slice(0, 5), `${consonants.slice(0, 3)}X`, upper.slice(0, 6));
  return candidates.filter((candidate) => candidate.length >= 3);
}
