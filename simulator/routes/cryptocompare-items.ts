/**
 * One CryptoCompare toplist item: {CoinInfo, RAW: {USD}, DISPLAY: {USD}}. RAW values are numbers
 * except TYPE, FLAGS, MARKET and the other documented strings; DISPLAY values are all strings;
 * LASTUPDATE is unix seconds. A coin without a USD market has CoinInfo only.
 */
import type { Asset } from "../asset";
import { compactNumber, glyph, percent, plainNumber, withSymbol } from "../display-strings";
import { type MarketView, recentMovesFor } from "../market-view";
import { intBetween, PURPOSE, rngFor } from "../prng";

/** Share of total volume traded on the direct USD pair (CCCAGG), and on top-tier exchanges. */
export const DIRECT_VOLUME_SHARE = 0.12;
const TOP_TIER_SHARE = 0.55;
/** A typical last trade, in USD. */
const LAST_TRADE_USD = 55.07;

const WEISS: Record<string, { Rating: string; TechnologyAdoptionRating: string; MarketPerformanceRating: string }> = {
  BTC: { Rating: "B+", TechnologyAdoptionRating: "A-", MarketPerformanceRating: "D" },
  ETH: { Rating: "B-", TechnologyAdoptionRating: "B", MarketPerformanceRating: "D" },
};

export function coinInfo(view: MarketView, asset: Asset) {
  const cc = asset.cc;
  if (!cc) throw new Error(`asset ${asset.key} is not listed at CryptoCompare`);
  const rng = rngFor(view.market.seed, PURPOSE.details, asset.index, 2);
  const pow = cc.proofType === "PoW";
  const maxSupply = view.market.maxSupply(asset);
  return {
    Id: cc.id,
    Name: cc.name,
    FullName: cc.fullName,
    Internal: cc.name,
    ImageUrl: cc.imageUrl,
    Url: `/coins/${cc.name.toLowerCase()}/overview`,
    Algorithm: cc.algorithm,
    ProofType: cc.proofType,
    Rating: { Weiss: WEISS[cc.name] ?? { Rating: "", TechnologyAdoptionRating: "", MarketPerformanceRating: "" } },
    NetHashesPerSecond: pow ? intBetween(rng, 1e6, 9e9) * 1e6 : 0,
    BlockNumber: cc.blockTime > 0 ? intBetween(rng, 10_000, 30_000_000) : 0,
    BlockTime: cc.blockTime,
    BlockReward: cc.blockReward,
    AssetLaunchDate: cc.launchDate,
    MaxSupply: maxSupply === null ? -1 : maxSupply,
    Type: 1,
    DocumentType: "Webpagecoinp",
  };
}

export function rawUsd(view: MarketView, asset: Asset, nowMs: number) {
  const { market } = view;
  const symbol = asset.cc?.name ?? "";
  const price = market.ccPrice(asset);
  const moves = view.shapes.shape(asset, "hour", 1);
  const recent = recentMovesFor(view, asset, price);
  const supply = market.circulatingSupply(asset);
  const marketCap = price * supply;
  const totalVolumeTo = market.ccTotalVolume(asset);
  const volume24hTo = totalVolumeTo * DIRECT_VOLUME_SHARE;
  const volumeHourTo = (volume24hTo / 24) * (moves.volume[0] ?? 1);
  const volumeDayTo = volume24hTo * 0.45;
  const nowSeconds = Math.floor(nowMs / 1000);
  const lastUpdate = nowSeconds - (asset.index % 7);
  return {
    TYPE: "5",
    MARKET: "CCCAGG",
    FROMSYMBOL: symbol,
    TOSYMBOL: "USD",
    FLAGS: "2",
    LASTMARKET: "CCCAGG",
    MEDIAN: price,
    TOPTIERVOLUME24HOUR: (volume24hTo * TOP_TIER_SHARE) / price,
    TOPTIERVOLUME24HOURTO: volume24hTo * TOP_TIER_SHARE,
    LASTTRADEID: String(100_000_000 + ((market.tick * 7919 + asset.index * 104_729) % 900_000_000)),
    PRICE: price,
    LASTUPDATE: lastUpdate,
    LASTVOLUME: LAST_TRADE_USD / price,
    LASTVOLUMETO: LAST_TRADE_USD,
    VOLUMEHOUR: volumeHourTo / price,
    VOLUMEHOURTO: volumeHourTo,
    OPENHOUR: recent.openHour,
    HIGHHOUR: recent.highHour,
    LOWHOUR: recent.lowHour,
    VOLUMEDAY: volumeDayTo / price,
    VOLUMEDAYTO: volumeDayTo,
    OPENDAY: recent.openDay,
    HIGHDAY: recent.highDay,
    LOWDAY: recent.lowDay,
    VOLUME24HOUR: volume24hTo / price,
    VOLUME24HOURTO: volume24hTo,
    OPEN24HOUR: recent.open24h,
    HIGH24HOUR: recent.high24h,
    LOW24HOUR: recent.low24h,
    CHANGE24HOUR: price - recent.open24h,
    CHANGEPCT24HOUR: ((price - recent.open24h) / recent.open24h) * 100,
    CHANGEDAY: price - recent.openDay,
    CHANGEPCTDAY: ((price - recent.openDay) / recent.openDay) * 100,
    CHANGEHOUR: price - recent.openHour,
    CHANGEPCTHOUR: ((price - recent.openHour) / recent.openHour) * 100,
    CONVERSIONTYPE: "direct",
    CONVERSIONSYMBOL: "",
    CONVERSIONLASTUPDATE: lastUpdate,
    SUPPLY: supply,
    MKTCAP: marketCap,
    MKTCAPPENALTY: 0,
    CIRCULATINGSUPPLY: supply,
    CIRCULATINGSUPPLYMKTCAP: marketCap,
    TOTALVOLUME24H: totalVolumeTo / price,
    TOTALVOLUME24HTO: totalVolumeTo,
    TOTALTOPTIERVOLUME24H: (totalVolumeTo * TOP_TIER_SHARE) / price,
    TOTALTOPTIERVOLUME24HTO: totalVolumeTo * TOP_TIER_SHARE,
    IMAGEURL: asset.cc?.imageUrl ?? "",
  };
}

type RawUsd = ReturnType<typeof rawUsd>;

/** Fields whose DISPLAY form is an amount of the coin itself rather than of USD. */
const COIN_AMOUNTS = new Set([
  "TOPTIERVOLUME24HOUR",
  "LASTVOLUME",
  "VOLUMEHOUR",
  "VOLUMEDAY",
  "VOLUME24HOUR",
  "SUPPLY",
  "CIRCULATINGSUPPLY",
]);
const COMPACT = new Set(["MKTCAP", "CIRCULATINGSUPPLYMKTCAP", "TOTALVOLUME24HTO", "TOTALTOPTIERVOLUME24HTO"]);
const COMPACT_COIN = new Set(["TOTALVOLUME24H", "TOTALTOPTIERVOLUME24H"]);
const SKIPPED = new Set(["TYPE", "FLAGS", "MEDIAN"]);

export function displayUsd(raw: RawUsd): Record<string, string> {
  const symbol = raw.FROMSYMBOL;
  const out: Record<string, string> = { FROMSYMBOL: glyph(symbol), TOSYMBOL: "$", MARKET: "CryptoCompare Index" };
  for (const [field, value] of Object.entries(raw)) {
    if (field in out || SKIPPED.has(field)) continue;
    if (typeof value === "string") out[field] = value;
    else if (field === "LASTUPDATE" || field === "CONVERSIONLASTUPDATE") out[field] = "Just now";
    else if (field === "MKTCAPPENALTY") out[field] = `${value} %`;
    else if (field.startsWith("CHANGEPCT")) out[field] = percent(value);
    else if (COMPACT.has(field)) out[field] = withSymbol("USD", compactNumber(value));
    else if (COMPACT_COIN.has(field)) out[field] = withSymbol(symbol, compactNumber(value));
    else if (COIN_AMOUNTS.has(field)) out[field] = withSymbol(symbol, plainNumber(value));
    else out[field] = withSymbol("USD", plainNumber(value));
  }
  return out;
}

export function toplistItem(view: MarketView, asset: Asset, nowMs: number) {
  const info = coinInfo(view, asset);
  if (!asset.cc?.hasUsdMarket) return { CoinInfo: info };
  const raw = rawUsd(view, asset, nowMs);
  return { CoinInfo: info, RAW: { USD: raw }, DISPLAY: { USD: displayUsd(raw) } };
}
