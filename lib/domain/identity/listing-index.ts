// Finds the listings that might be a given coin: same symbol, same name or slug, a shared contract,
// or one name inside the other. Ids and symbols are indexed up front; names and contracts on the
// first coin that needs them. Pure.
import { type Contract, contractKey } from "./contracts";
import { type IdentityListing, type PreparedRecord, prepareRecord } from "./evidence";
import { keysOf, type NameKeys, symbolKey, words } from "./normalize";
import { SortedPostings } from "./sorted-postings";

// A word shared by more listings than this ("finance", "ai") does not narrow a containment search.
const MAX_WORD_CANDIDATES = 400;

const NO_CONTRACTS: readonly Contract[] = [];
const NONE: readonly number[] = [];

export class ListingIndex<L extends IdentityListing = IdentityListing> {
  private readonly prepared: Array<PreparedRecord | undefined>;
  private readonly byId: SortedPostings;
  private readonly bySymbol: SortedPostings;
  private readonly isRepeat: Uint8Array;
  /** Name keys, slug keys and distinguishing words: a single-word name's key is its word. */
  private byToken: SortedPostings | null = null;
  private byContract: SortedPostings | null = null;

  /** Listings whose id repeats an earlier one are left out: the first of an id wins. */
  readonly duplicates: number;
  readonly size: number;

  constructor(
    readonly provider: string,
    readonly listings: readonly L[],
    private readonly contractsOf: (id: string) => readonly Contract[] = () => NO_CONTRACTS,
  ) {
    const n = listings.length;
    this.prepared = new Array(n);
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) ids[i] = (listings[i] as L).providerId;
    this.byId = new SortedPostings(ids);
    this.isRepeat = new Uint8Array(n);
    const repeats = this.byId.repeated();
    for (const position of repeats) this.isRepeat[position] = 1;
    this.duplicates = repeats.length;
    this.size = n - repeats.length;
    const symbols = new Array<string>(n);
    for (let i = 0; i < n; i++) symbols[i] = this.isRepeat[i] ? "" : symbolKey(provider, (listings[i] as L).symbol);
    this.bySymbol = new SortedPostings(symbols);
  }

  /** The listing of an id (the first, when the id repeats). */
  get(id: string): L | undefined {
    const position = this.byId.lookup(id)[0];
    return position === undefined ? undefined : this.listings[position];
  }

  has(id: string): boolean {
    return this.byId.count(id) > 0;
  }

  /** The prepared record of an id, or undefined when the index has no such listing. */
  preparedOf(id: string): PreparedRecord | undefined {
    const position = this.byId.lookup(id)[0];
    return position === undefined ? undefined : this.at(position);
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
    return key === "" ? NONE : this.bySymbol.lookup(key);
  }

  /** Listings whose name or slug has the same distinguishing words (or the same letters) as `name`. */
  withName(name: NameKeys): readonly number[] {
    if (name.key === "") return NONE;
    const byToken = this.tokens();
    const found = byToken.lookup(name.key);
    if (name.full === name.key) return found;
    for (const position of byToken.lookup(name.full)) if (!found.includes(position)) found.push(position);
    return found;
  }

  /** Listings sharing a distinguishing word with `name`: where one name may contain the other. */
  sharingAWord(name: NameKeys): readonly number[] {
    const byToken = this.tokens();
    const found: number[] = [];
    for (const word of name.words) {
      if (byToken.count(word) > MAX_WORD_CANDIDATES) continue;
      for (const position of byToken.lookup(word)) if (!found.includes(position)) found.push(position);
    }
    return found;
  }

  withContract(keys: readonly string[]): readonly number[] {
    if (keys.length === 0) return NONE;
    if (this.byContract === null) {
      const contractKeys: string[] = [];
      const positions: number[] = [];
      this.listings.forEach((listing, i) => {
        if (this.isRepeat[i]) return;
        for (const contract of this.contractsOf(listing.providerId)) {
          contractKeys.push(contractKey(contract));
          positions.push(i);
        }
      });
      this.byContract = new SortedPostings(contractKeys, positions);
    }
    const found: number[] = [];
    for (const key of keys)
      for (const position of this.byContract.lookup(key)) if (!found.includes(position)) found.push(position);
    return found;
  }

  // Names, slugs and distinguishing words in one pass, without preparing every listing.
  private tokens(): SortedPostings {
    if (this.byToken !== null) return this.byToken;
    const tokens: string[] = [];
    const positions: number[] = [];
    const file = (token: string, position: number) => {
      tokens.push(token);
      positions.push(position);
    };
    this.listings.forEach((listing, i) => {
      if (this.isRepeat[i]) return;
      const nameWords = words(listing.name);
      const name = keysOf(nameWords);
      file(name.key, i);
      if (name.words.length > 1) for (const word of name.words) file(word, i);
      // A slug adds a key only when it spells something else than the name ("pol" for "POL (prev. MATIC)").
      const { slug } = listing;
      if (slug && slug !== nameWords.join("-")) {
        const slugKey = keysOf(words(slug)).key;
        if (slugKey !== name.key) file(slugKey, i);
      }
    });
    this.byToken = new SortedPostings(tokens, positions);
    return this.byToken;
  }
}
