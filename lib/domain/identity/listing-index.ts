// Finds the listings that might be a given coin: same symbol, same name or slug, a shared contract,
// or one name inside the other. Only symbols are read up front; names and contracts are indexed on
// the first coin that needs them, so a price list of 5000 costs little while every coin matches
// on its symbol. Pure.
import { type Contract, contractKey } from "./contracts";
import { type IdentityListing, type PreparedRecord, prepareRecord } from "./evidence";
import type { NameKeys } from "./normalize";
import { symbolKey } from "./normalize";

// Most keys name one listing: a plain index, an array only from the second (fewer allocations).
type Postings = Map<string, number | number[]>;

function post(map: Postings, key: string, index: number): void {
  if (key === "") return;
  const found = map.get(key);
  if (found === undefined) map.set(key, index);
  else if (typeof found === "number") {
    if (found !== index) map.set(key, [found, index]);
  } else if (found[found.length - 1] !== index) found.push(index);
}

const NONE: readonly number[] = [];

function postings(map: Postings, key: string): readonly number[] {
  const found = map.get(key);
  return found === undefined ? NONE : typeof found === "number" ? [found] : found;
}

// A word shared by more listings than this ("finance", "ai") does not narrow a containment search.
const MAX_WORD_CANDIDATES = 400;

const NO_CONTRACTS: readonly Contract[] = [];

export class ListingIndex<L extends IdentityListing = IdentityListing> {
  private readonly prepared: Array<PreparedRecord | undefined>;
  private readonly bySymbol: Postings = new Map();
  private readonly byId = new Map<string, number>();
  /** Name keys, slug keys and distinguishing words in one map: a single-word name's key is its word. */
  private byToken: Postings | null = null;
  private byContract: Postings | null = null;

  /** Listings whose id repeats an earlier one are left out: the first of an id wins. */
  readonly duplicates: number;

  constructor(
    readonly provider: string,
    readonly listings: readonly L[],
    private readonly contractsOf: (id: string) => readonly Contract[] = () => NO_CONTRACTS,
  ) {
    this.prepared = new Array(listings.length);
    let duplicates = 0;
    for (let i = 0; i < listings.length; i++) {
      const listing = listings[i] as L;
      if (this.byId.has(listing.providerId)) {
        duplicates++;
        continue;
      }
      this.byId.set(listing.providerId, i);
      post(this.bySymbol, symbolKey(provider, listing.symbol), i);
    }
    this.duplicates = duplicates;
  }

  get size(): number {
    return this.byId.size;
  }

  /** The listing of an id (the first, when the id repeats). */
  get(id: string): L | undefined {
    const index = this.byId.get(id);
    return index === undefined ? undefined : this.listings[index];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The prepared record of an id, or undefined when the index has no such listing. */
  preparedOf(id: string): PreparedRecord | undefined {
    const index = this.byId.get(id);
    return index === undefined ? undefined : this.at(index);
  }

  at(index: number): PreparedRecord {
    let prepared = this.prepared[index];
    if (prepared === undefined) {
      const listing = this.listings[index] as L;
      prepared = prepareRecord(this.provider, listing, this.contractsOf(listing.providerId));
      this.prepared[index] = prepared;
    }
    return prepared;
  }

  withSymbol(key: string): readonly number[] {
    return postings(this.bySymbol, key);
  }

  /**
   * Listings whose name or slug may agree with `name`: the same distinguishing words (or the same
   * letters), a word in common, one name inside the other. Callers weigh each with the evidence.
   */
  withName(name: NameKeys): readonly number[] {
    if (name.key === "") return NONE;
    const byToken = this.tokens();
    const lists: Array<readonly number[]> = [postings(byToken, name.key)];
    if (name.full !== name.key) lists.push(postings(byToken, name.full));
    return merged(lists);
  }

  /** Listings sharing a distinguishing word with `name`: where one name may contain the other. */
  sharingAWord(name: NameKeys): readonly number[] {
    const byToken = this.tokens();
    const lists: Array<readonly number[]> = [];
    for (const word of name.words) {
      const list = postings(byToken, word);
      if (list.length <= MAX_WORD_CANDIDATES) lists.push(list);
    }
    return merged(lists);
  }

  withContract(keys: readonly string[]): readonly number[] {
    if (keys.length === 0) return NONE;
    if (this.byContract === null) {
      const byContract: Postings = new Map();
      for (const index of this.byId.values()) {
        const listing = this.listings[index] as L;
        for (const contract of this.contractsOf(listing.providerId)) post(byContract, contractKey(contract), index);
      }
      this.byContract = byContract;
    }
    if (keys.length === 1) return postings(this.byContract, keys[0] as string);
    const found: number[] = [];
    for (const key of keys)
      for (const index of postings(this.byContract, key)) if (!found.includes(index)) found.push(index);
    return found;
  }

  // Names, slugs and distinguishing words in one pass: each listing is prepared once.
  private tokens(): Postings {
    if (this.byToken !== null) return this.byToken;
    const byToken: Postings = new Map();
    for (const index of this.byId.values()) {
      const { name, slug } = this.at(index);
      post(byToken, name.key, index);
      if (name.words.length > 1) for (const word of name.words) post(byToken, word, index);
      if (slug) post(byToken, slug.key, index);
    }
    this.byToken = byToken;
    return byToken;
  }
}

function merged(lists: ReadonlyArray<readonly number[]>): readonly number[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NONE;
  return [...new Set(nonEmpty.flat())];
}
