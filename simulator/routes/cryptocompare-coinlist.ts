/**
 * CryptoCompare's GET /data/all/coinlist: every coin CryptoCompare lists (ranked or not, sponsored
 * included), keyed by its unique symbol ("HOT*" for its second HOT). As on the real list, `CoinName`
 * is the plain name and `FullName` is "Name (SYMBOL)" (the toplist's CoinInfo.FullName is the plain
 * name). A token carries PlatformType "token", BuiltOn "ETH" and the contract: the asset's
 * CoinMarketCap platform address, mostly lower-cased where CoinMarketCap checksums it (compare them
 * case-insensitively); a coin carries "blockchain", "N/A", "N/A". `summary=true` sends only Id,
 * ImageUrl, Symbol and FullName per coin (our reading of the real summary; not confirmed by a
 * recorded body).
 */
import type { Asset } from "../asset";
import type { DataRequest, RouteResult } from "../http";
import type { MarketView } from "../market-view";
import { intBetween, PURPOSE, rngFor } from "../prng";
import { coinInfo } from "./cryptocompare-items";

export const CC_COINLIST_PATH = "/data/all/coinlist";

const BASE_URL = "https://www.cryptocompare.com";
const EMPTY_TAXONOMY = {
  Access: "",
  FCA: "",
  FINMA: "",
  Industry: "",
  CollateralizedAsset: "",
  CollateralizedAssetType: "",
  CollateralType: "",
  CollateralInfo: "",
};

/** The contract as CryptoCompare writes it: the CoinMarketCap address, lower-cased unless told not to. */
export function ccContract(asset: Asset): string | null {
  const address = asset.cmc?.platform?.token_address;
  if (!address || !asset.cc) return null;
  return asset.cc.lowerCaseContract ? address.toLowerCase() : address;
}

export function coinlistItem(view: MarketView, asset: Asset) {
  const cc = asset.cc;
  if (!cc) throw new Error(`asset ${asset.key} is not listed at CryptoCompare`);
  const info = coinInfo(view, asset);
  const contract = ccContract(asset);
  const supply = view.market.circulatingSupply(asset);
  const rng = rngFor(view.market.seed, PURPOSE.details, asset.index, 3);
  const createdOn = Math.floor(Date.parse(`${cc.launchDate}T00:00:00Z`) / 1000) + intBetween(rng, 0, 86_399);
  const site = cc.fullName.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return {
    Id: cc.id,
    Url: info.Url,
    ImageUrl: cc.imageUrl,
    ContentCreatedOn: createdOn,
    Name: cc.name,
    Symbol: cc.name,
    CoinName: cc.fullName,
    FullName: `${cc.fullName} (${cc.name})`,
    Description: `${cc.fullName} is ${contract ? "a token on Ethereum" : "a cryptocurrency"} (simulated data).`,
    AssetTokenStatus: "N/A",
    Algorithm: cc.algorithm,
    ProofType: cc.proofType,
    SortOrder: String(asset.index + 1),
    Sponsored: asset.sponsored,
    Taxonomy: EMPTY_TAXONOMY,
    Rating: info.Rating,
    IsTrading: true,
    TotalCoinsMined: supply,
    CirculatingSupply: supply,
    BlockNumber: info.BlockNumber,
    NetHashesPerSecond: info.NetHashesPerSecond,
    BlockReward: info.BlockReward,
    BlockTime: info.BlockTime,
    AssetLaunchDate: cc.launchDate,
    AssetWhitepaperUrl: "",
    AssetWebsiteUrl: `https://${site}.example`,
    MaxSupply: info.MaxSupply,
    MktCapPenalty: 0,
    IsUsedInDefi: contract ? 1 : 0,
    IsUsedInNft: 0,
    PlatformType: contract ? "token" : "blockchain",
    BuiltOn: contract ? "ETH" : "N/A",
    SmartContractAddress: contract ?? "N/A",
    DecimalPoints: contract ? 18 : 8,
    Difficulty: info.NetHashesPerSecond > 0 ? Math.round(info.NetHashesPerSecond / 7.158e6) : 0,
  };
}

type CoinlistItem = ReturnType<typeof coinlistItem>;
type Summary = Pick<CoinlistItem, "Id" | "ImageUrl" | "Symbol" | "FullName">;

export function handleCoinlist(req: DataRequest, view: MarketView, reply: (body: unknown) => RouteResult) {
  const summary = req.url.searchParams.get("summary") === "true";
  const listed = view.market.assets.filter((asset) => asset.cc !== null);
  const data: Record<string, CoinlistItem | Summary> = {};
  for (const asset of listed) {
    const item = coinlistItem(view, asset);
    data[item.Symbol] = summary
      ? { Id: item.Id, ImageUrl: item.ImageUrl, Symbol: item.Symbol, FullName: item.FullName }
      : item;
  }
  const body = {
    Response: "Success",
    Message: "Coin list succesfully returned!",
    Data: data,
    BaseImageUrl: BASE_URL,
    BaseLinkUrl: BASE_URL,
    RateLimit: {},
    HasWarning: false,
    Type: 100,
  };
  return { ...reply(body), variants: coinlistVariants(body) };
}

/** The data faults on the coin list: no coins, ids as numbers, the second coin with the first's Id. */
function coinlistVariants<T extends { Data: Record<string, { Id: string }> }>(body: T) {
  const copy = (): T => structuredClone(body);
  return {
    empty: () => ({ ...copy(), Data: {} }),
    wrongTypes: () => {
      const edited = copy();
      for (const item of Object.values(edited.Data)) Object.assign(item, { Id: Number(item.Id) });
      return edited;
    },
    duplicateIds: () => {
      const edited = copy();
      const [first, second] = Object.values(edited.Data);
      if (first && second) second.Id = first.Id;
      return edited;
    },
  };
}
