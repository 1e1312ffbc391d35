/**
 * Deterministic randomness. Every random value in the simulator comes from here, seeded from
 * (seed, purpose, index…), so the whole market is a pure function of its inputs and a test can
 * rebuild it. Math.random is never used.
 */

/** A seeded generator returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough for simulated prices (not for cryptography). */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finalizer: spreads nearby integers (tick 1, tick 2…) into unrelated seeds. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines integers into one 32-bit seed; order matters, so (1, 2) and (2, 1) differ. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = fmix32(h ^ fmix32(Math.trunc(part) >>> 0) ^ Math.trunc(part / 4294967296));
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  return fmix32(h);
}

/** A generator for one purpose, e.g. rngFor(seed, PURPOSE.tick, tickNumber). */
export function rngFor(...parts: number[]): Rng {
  return mulberry32(mixSeed(...parts));
}

/** Standard normal draw (Box-Muller); 1 - u keeps log() away from 0. */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform float in [min, max). */
export function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** Log-uniform float in [min, max): spreads values evenly across orders of magnitude. */
export function logBetween(rng: Rng, min: number, max: number): number {
  return Math.exp(between(rng, Math.log(min), Math.log(max)));
}

/** Integer in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick() needs a non-empty list");
  return item;
}

/** Distinct streams for distinct purposes, so adding a draw in one place never shifts another. */
export const PURPOSE = {
  universe: 1,
  names: 2,
  tick: 3,
  hourPath: 4,
  dayPath: 5,
  details: 6,
} as const;
