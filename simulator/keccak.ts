/**
 * Keccak-256 (the pre-standard padding Ethereum uses, not SHA3-256) and EIP-55 checksummed
 * addresses, so a simulated CoinMarketCap token address has the mixed case a real one has and a
 * client that validates checksums accepts it. Written from the Keccak reference description;
 * node:crypto offers only SHA3. Slow (BigInt lanes) but only used while the universe is built.
 */

const MASK = (1n << 64n) - 1n;
const RATE_BYTES = 136;
const ROUNDS = 24;

const rotl = (lane: bigint, by: number): bigint =>
  by === 0 ? lane : ((lane << BigInt(by)) | (lane >> BigInt(64 - by))) & MASK;

/** The round constants, from the degree-8 LFSR the reference defines (x^8 + x^6 + x^5 + x^4 + 1). */
function roundConstants(): bigint[] {
  let register = 1;
  const nextBit = () => {
    const bit = register & 1;
    register <<= 1;
    if (register & 0x100) register ^= 0x171;
    return bit;
  };
  const constants: bigint[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let constant = 0n;
    for (let j = 0; j < 7; j++) if (nextBit()) constant |= 1n << BigInt((1 << j) - 1);
    constants.push(constant);
  }
  return constants;
}

/** Rotation offset of each lane (index x + 5y), walking (x, y) → (y, 2x + 3y). */
function rotationOffsets(): number[] {
  const offsets = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    offsets[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return offsets;
}

const RC = roundConstants();
const RHO = rotationOffsets();

function permute(state: bigint[]): void {
  const c = new Array<bigint>(5);
  const b = new Array<bigint>(25);
  for (let round = 0; round < ROUNDS; round++) {
    for (let x = 0; x < 5; x++) {
      c[x] = (state[x] as bigint) ^ (state[x + 5] as bigint) ^ (state[x + 10] as bigint);
      c[x] = (c[x] as bigint) ^ (state[x + 15] as bigint) ^ (state[x + 20] as bigint);
    }
    for (let x = 0; x < 5; x++) {
      const d = (c[(x + 4) % 5] as bigint) ^ rotl(c[(x + 1) % 5] as bigint, 1);
      for (let y = 0; y < 25; y += 5) state[x + y] = (state[x + y] as bigint) ^ d;
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(state[x + 5 * y] as bigint, RHO[x + 5 * y] as number);
      }
    }
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const next = b[((x + 1) % 5) + y] as bigint;
        state[x + y] = (b[x + y] as bigint) ^ (~next & MASK & (b[((x + 2) % 5) + y] as bigint));
      }
    }
    state[0] = (state[0] as bigint) ^ (RC[round] as bigint);
  }
}

export function keccak256(input: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil((input.length + 1) / RATE_BYTES) * RATE_BYTES);
  padded.set(input);
  padded[input.length] = 0x01;
  padded[padded.length - 1] = (padded[padded.length - 1] as number) | 0x80;
  const state = new Array<bigint>(25).fill(0n);
  for (let offset = 0; offset < padded.length; offset += RATE_BYTES) {
    for (let lane = 0; lane < RATE_BYTES / 8; lane++) {
      let value = 0n;
      for (let i = 7; i >= 0; i--) value = (value << 8n) | BigInt(padded[offset + lane * 8 + i] as number);
      state[lane] = (state[lane] as bigint) ^ value;
    }
    permute(state);
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number(((state[i >> 3] as bigint) >> BigInt(8 * (i & 7))) & 0xffn);
  return out;
}

/** EIP-55: a hex letter is upper case where the matching nibble of keccak256(lower-case hex) is ≥ 8. */
export function checksumAddress(address: string): string {
  const hex = address.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error(`not an EVM address: ${address}`);
  const hash = keccak256(new TextEncoder().encode(hex));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const char = hex[i] as string;
    out += nibble >= 8 ? char.toUpperCase() : char;
  }
  return out;
}
