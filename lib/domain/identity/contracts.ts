// Token contracts as identity compares them: the chain under one name whichever provider wrote it,
// the address in the form its chain compares. The same contract on the same chain is the same
// token, the one definitive signal besides a reviewed override. Pure.

/** A token contract: the chain as Top Coins names it, the address as the chain compares it. */
export interface Contract {
  chain: string;
  address: string;
}

// Each chain's names at the three providers: CoinMarketCap's platform slug and name, CoinGecko's
// asset-platform id, CryptoCompare's `BuiltOn` (the chain's own ticker). Compared in lower case.
const CHAIN_ALIASES: Record<string, readonly string[]> = {
  ethereum: ["ethereum", "eth", "erc20", "ethereum (erc20)"],
  bsc: [
    "bsc",
    "bnb",
    "binance-smart-chain",
    "bnb smart chain",
    "bnb smart chain (bep20)",
    "binance-coin",
    "bep20",
    "bnb-smart-chain",
  ],
  solana: ["solana", "sol", "spl"],
  polygon: ["polygon", "polygon-pos", "matic", "matic-network", "pol", "polygon-ecosystem-token"],
  tron: ["tron", "trx", "trc20", "tron20"],
  arbitrum: ["arbitrum", "arbitrum-one", "arb", "arbitrum one"],
  optimism: ["optimism", "optimistic-ethereum", "op", "optimism-ethereum", "op mainnet"],
  base: ["base"],
  avalanche: ["avalanche", "avax", "avalanche c-chain", "avalanche-c-chain"],
  fantom: ["fantom", "ftm"],
  ton: ["ton", "toncoin", "the-open-network"],
  sui: ["sui", "sui-network"],
  aptos: ["aptos", "apt"],
  cronos: ["cronos", "cro"],
  near: ["near", "near-protocol"],
  cardano: ["cardano", "ada"],
  stellar: ["stellar", "xlm"],
  xrpl: ["xrpl", "xrp", "xrp ledger", "ripple"],
  algorand: ["algorand", "algo"],
  hedera: ["hedera", "hbar", "hedera-hashgraph"],
  zksync: ["zksync", "zksync-era", "zk"],
  linea: ["linea"],
  mantle: ["mantle", "mnt"],
  celo: ["celo"],
  gnosis: ["gnosis", "xdai", "gno"],
  klaytn: ["klaytn", "klay", "klay-token", "kaia"],
  vechain: ["vechain", "vet"],
  neo: ["neo", "nep5"],
  eos: ["eos"],
  tezos: ["tezos", "xtz"],
  waves: ["waves"],
  cosmos: ["cosmos", "atom"],
  osmosis: ["osmosis", "osmo"],
  kava: ["kava"],
  moonbeam: ["moonbeam", "glmr"],
  harmony: ["harmony", "harmony-shard-0", "one"],
  sei: ["sei", "sei-network", "sei-v2"],
  injective: ["injective", "inj"],
  starknet: ["starknet", "strk"],
  blast: ["blast"],
  ethereumclassic: ["ethereum-classic", "etc"],
};

const CANONICAL_CHAIN = new Map<string, string>();
for (const [chain, aliases] of Object.entries(CHAIN_ALIASES)) {
  for (const alias of aliases) CANONICAL_CHAIN.set(alias, chain);
}

/**
 * The chain's name in Top Coins: a known alias maps to one name; an unknown chain keeps its own
 * lower-case name, so two providers that spell it alike still agree. Empty or "N/A": null.
 */
export function canonicalChain(raw: string | null | undefined): string | null {
  const name = raw?.trim().toLowerCase() ?? "";
  if (name === "" || name === "n/a" || name === "none") return null;
  return CANONICAL_CHAIN.get(name) ?? name;
}

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZERO_EVM = /^0x0{40}$/i;

/**
 * The address as its chain compares it: EVM addresses in lower case (a checksum only changes the
 * case), every other chain's as written. Placeholders ("N/A", "0x000…0", too short): null.
 */
export function canonicalAddress(raw: string | null | undefined): string | null {
  const address = raw?.trim() ?? "";
  if (address.length < 8 || /^n\/?a$/i.test(address)) return null;
  if (EVM_ADDRESS.test(address)) return ZERO_EVM.test(address) ? null : address.toLowerCase();
  return /\s/.test(address) ? null : address;
}

/** A contract from a provider's chain name and address; null when either is missing or a placeholder. */
export function contractOf(chain: string | null | undefined, address: string | null | undefined): Contract | null {
  const canonical = canonicalChain(chain);
  const canonicalAddr = canonicalAddress(address);
  return canonical && canonicalAddr ? { chain: canonical, address: canonicalAddr } : null;
}

/** "ethereum:0xabc…": the key two records share when they carry the same contract. */
export function contractKey(contract: Contract): string {
  return `${contract.chain}:${contract.address}`;
}
