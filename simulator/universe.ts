/**
 * The simulated universe: 725 assets generated from the seed. 654 are listed at both providers,
 * 60 only at CoinMarketCap and 11 only at CryptoCompare. The designed hard cases (hard-cases.ts)
 * are placed inside the CryptoCompare top 200 so a depth-200 run meets them.
 */
import { type Asset, makeCcListing, makeCmcListing, syntheticCcId, syntheticCmcId } from "./asset";
import { designateKinds } from "./asset-kinds";
import { addHardCases } from "./hard-cases";
import { createNameRegistry } from "./names";
import { between, logBetween, normal, PURPOSE, type Rng, rngFor } from "./prng";

export const SYNTHETIC_BOTH = 643;
export const SYNTHETIC_CMC_ONLY = 56;
export const SYNTHETIC_CC_ONLY = 8;

type Role = "both" | "cmc" | "cc";

export interface Universe {
  seed: number;
  assets: Asset[];
}

export function buildUniverse(seed: number): Universe {
  const rng = rngFor(seed, PURPOSE.universe);
  const names = createNameRegistry();
  const assets: Asset[] = [];
  const designed = addHardCases(assets, names, seed);

  const roles = shuffledRoles(rng);
  roles.forEach((role, position) => {
    assets.push(syntheticAsset(rng, names, assets.length, role, position));
  });

  designed.place(rankedVolumesDesc(assets));
  designateKinds(
    assets,
    assets.findIndex((asset) => asset.key === "bitcoin"),
  );
  return { seed, assets };
}

function shuffledRoles(rng: Rng): Role[] {
  const roles: Role[] = [
    ...Array<Role>(SYNTHETIC_BOTH).fill("both"),
    ...Array<Role>(SYNTHETIC_CMC_ONLY).fill("cmc"),
    ...Array<Role>(SYNTHETIC_CC_ONLY).fill("cc"),
  ];
  for (let i = roles.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [roles[i], roles[j]] = [roles[j] as Role, roles[i] as Role];
  }
  return roles;
}

/**
 * Market caps follow a power law of the position (≈ $150 B at the top, ≈ $270 M at 200, ≈ $50 M
 * at 650), jittered so neighbours are not evenly spaced. Volume is cap × a turnover, so the
 * volume ranking and the market-cap ranking differ, as they do in reality.
 */
function syntheticAsset(
  rng: Rng,
  names: ReturnType<typeof createNameRegistry>,
  index: number,
  role: Role,
  position: number,
): Asset {
  const { name, symbol } = names.fresh(rng);
  const cap = 7.8e11 * (position + 3) ** -1.5 * Math.exp(0.15 * normal(rng));
  const basePrice = rng() < 0.05 ? logBetween(rng, 3e-7, 9e-4) : logBetween(rng, 0.005, 400);
  const circulatingSupply = cap / basePrice;
  const maxSupply = rng() < 0.5 ? null : circulatingSupply * between(rng, 1, 2.5);
  const totalSupply = Math.min(circulatingSupply * between(rng, 1, 1.3), maxSupply ?? Number.POSITIVE_INFINITY);
  const token = rng() < 0.4;
  const cc = role === "cmc" ? null : makeCcListing(rng, syntheticCcId(index), symbol, name, 37_750_000 + index);
  // CryptoCompare lower-cases most contracts; every third keeps CoinMarketCap's checksummed form.
  if (cc) cc.lowerCaseContract = index % 3 !== 0;
  return {
    index,
    key: `asset-${index}`,
    cc,
    cmc: role === "cc" ? null : makeCmcListing(rng, syntheticCmcId(index), symbol, name, token),
    sponsored: false,
    expected: role === "cc" ? "not_listed" : "priced",
    basePrice,
    circulatingSupply,
    totalSupply,
    maxSupply,
    baseVolumeUsd: softCap(cap * logBetween(rng, 0.01, 0.4)),
    sigma: between(rng, 0.0006, 0.0016),
    cmcVolumeFactor: between(rng, 0.6, 1.4),
    walkWith: null,
  };
}

/** Keeps synthetic volumes below ETH's (so BTC and ETH lead, as they usually do) without creating ties. */
function softCap(volume: number): number {
  return volume / (1 + volume / 2e10);
}

/** Volumes of the assets that the CryptoCompare toplist ranks, largest first. */
function rankedVolumesDesc(assets: Asset[]): number[] {
  return assets
    .filter((asset) => asset.cc !== null && !asset.sponsored && asset.baseVolumeUsd > 0)
    .map((asset) => asset.baseVolumeUsd)
    .sort((a, b) => b - a);
}
