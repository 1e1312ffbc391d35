// Keys to listing positions, kept as one array of positions sorted by key and searched by
// bisection. A merge builds its indexes anew for every price list, and on this project's machines
// sorting 5000 keys took 0.17 ms where filling a Map with them took 0.95 ms; lookups are few.

export class SortedPostings {
  /** Indexes into `keys`, sorted by key (then by index). */
  private readonly order: Int32Array;

  /**
   * `keys[i]` is the key of position `positions[i]` (of position i when `positions` is absent);
   * empty keys are left out.
   */
  constructor(
    private readonly keys: readonly string[],
    private readonly positions?: readonly number[],
  ) {
    let count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== "") count++;
    const order = new Int32Array(count);
    let next = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== "") order[next++] = i;
    order.sort((a, b) => {
      const x = keys[a] as string;
      const y = keys[b] as string;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    this.order = order;
  }

  get size(): number {
    return this.order.length;
  }

  private keyAt(rank: number): string {
    return this.keys[this.order[rank] as number] as string;
  }

  private positionAt(rank: number): number {
    const index = this.order[rank] as number;
    return this.positions ? (this.positions[index] as number) : index;
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.keyAt(mid) < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The positions filed under `key`, in the order they were given. */
  lookup(key: string): number[] {
    if (key === "") return [];
    const found: number[] = [];
    for (let rank = this.lowerBound(key); rank < this.order.length && this.keyAt(rank) === key; rank++) {
      found.push(this.positionAt(rank));
    }
    return found;
  }

  /** How many positions are filed under `key`. */
  count(key: string): number {
    let n = 0;
    for (let rank = this.lowerBound(key); rank < this.order.length && this.keyAt(rank) === key; rank++) n++;
    return n;
  }

  /** Every position filed under a key that an earlier one already holds. */
  repeated(): number[] {
    const found: number[] = [];
    for (let rank = 1; rank < this.order.length; rank++) {
      if (this.keyAt(rank) === this.keyAt(rank - 1)) found.push(this.positionAt(rank));
    }
    return found;
  }
}
