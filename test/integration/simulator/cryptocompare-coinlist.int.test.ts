import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import {
  allRanked,
  CC_COINLIST,
  type CmcBody,
  type CoinlistBody,
  ccGet,
  cmcGet,
  control,
  getJson,
  startTestSimulator,
} from "../../support/simulator";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const ENTRY_KEYS = [
  "Id",
  "Url",
  "ImageUrl",
  "ContentCreatedOn",
  "Name",
  "Symbol",
  "CoinName",
  "FullName",
  "Description",
  "AssetTokenStatus",
  "Algorithm",
  "ProofType",
  "SortOrder",
  "Sponsored",
  "Taxonomy",
  "Rating",
  "IsTrading",
  "TotalCoinsMined",
  "CirculatingSupply",
  "BlockNumber",
  "NetHashesPerSecond",
  "BlockReward",
  "BlockTime",
  "AssetLaunchDate",
  "AssetWhitepaperUrl",
  "AssetWebsiteUrl",
  "MaxSupply",
  "MktCapPenalty",
  "IsUsedInDefi",
  "IsUsedInNft",
  "PlatformType",
  "BuiltOn",
  "SmartContractAddress",
  "DecimalPoints",
  "Difficulty",
];

describe("GET /data/all/coinlist", () => {
  it("lists every CryptoCompare coin keyed by its unique symbol, in the coin list envelope", async () => {
    const { status, headers, body } = await ccGet<CoinlistBody & Record<string, unknown>>(sim, CC_COINLIST);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("public, max-age=10");
    expect(Object.keys(body)).toEqual([
      "Response",
      "Message",
      "Data",
      "BaseImageUrl",
      "BaseLinkUrl",
      "RateLimit",
      "HasWarning",
      "Type",
    ]);
    expect(body).toMatchObject({
      Response: "Success",
      Message: "Coin list succesfully returned!",
      BaseImageUrl: "https://www.cryptocompare.com",
      BaseLinkUrl: "https://www.cryptocompare.com",
      RateLimit: {},
      HasWarning: false,
      Type: 100,
    });
    // 664 ranked coins plus the sponsored one, which CryptoCompare lists but never ranks.
    expect(Object.keys(body.Data)).toHaveLength(665);
    const ranked = await allRanked(sim);
    for (const item of ranked) {
      expect(body.Data[item.CoinInfo.Name]).toMatchObject({ Id: item.CoinInfo.Id, Symbol: item.CoinInfo.Name });
    }
    const btc = body.Data.BTC;
    expect(Object.keys(btc ?? {})).toEqual(ENTRY_KEYS);
    expect(btc).toMatchObject({
      Id: "1182",
      Name: "BTC",
      Symbol: "BTC",
      CoinName: "Bitcoin",
      FullName: "Bitcoin (BTC)",
      SortOrder: "1",
      Sponsored: false,
      IsTrading: true,
      PlatformType: "blockchain",
      BuiltOn: "N/A",
      SmartContractAddress: "N/A",
      MaxSupply: 21_000_000,
    });
    expect(body.Data["HOT*"]).toMatchObject({ CoinName: "Hydro Protocol", FullName: "Hydro Protocol (HOT*)" });
    expect(body.Data.HOT).toMatchObject({ CoinName: "Holo", FullName: "Holo (HOT)" });
  });

  it("gives each token CoinMarketCap's contract (same token), often in another letter case", async () => {
    const { body } = await ccGet<CoinlistBody>(sim, CC_COINLIST);
    const { body: cmc } = await cmcGet<CmcBody>(sim, "limit=5000");
    const ranked = await allRanked(sim);
    const { body: truth } = await control<{ rows: { ccId: string; cmcId: number | null }[] }>(
      sim,
      "GET",
      `/_sim/truth?limit=${ranked.length}`,
    );
    const cmcById = new Map(cmc.data.map((item) => [item.id, item]));
    const entryById = new Map(Object.values(body.Data).map((entry) => [entry.Id, entry]));
    let tokens = 0;
    let sameCase = 0;
    for (const row of truth.rows) {
      const entry = entryById.get(row.ccId);
      const platform = row.cmcId === null ? null : (cmcById.get(row.cmcId)?.platform ?? null);
      if (!entry || row.cmcId === null) continue;
      if (platform === null) {
        expect(entry).toMatchObject({ PlatformType: "blockchain", BuiltOn: "N/A", SmartContractAddress: "N/A" });
        continue;
      }
      tokens += 1;
      expect(entry).toMatchObject({ PlatformType: "token", BuiltOn: "ETH", DecimalPoints: 18 });
      expect(entry.SmartContractAddress.toLowerCase()).toBe(platform.token_address.toLowerCase());
      if (entry.SmartContractAddress === platform.token_address) sameCase += 1;
      else expect(entry.SmartContractAddress).toBe(platform.token_address.toLowerCase());
    }
    expect(tokens).toBeGreaterThan(200);
    // Most are lower-cased (CoinMarketCap checksums), about a third keep the checksummed form.
    expect(sameCase).toBeGreaterThan(tokens / 5);
    expect(sameCase).toBeLessThan(tokens / 2);
  });

  it("sends Id, ImageUrl, Symbol and FullName only with summary=true", async () => {
    const { body } = await ccGet<CoinlistBody>(sim, `${CC_COINLIST}?summary=true`);
    expect(Object.keys(body.Data)).toHaveLength(665);
    expect(body.Data.ETH).toEqual({
      Id: "7605",
      ImageUrl: "/media/37746238/eth.png",
      Symbol: "ETH",
      FullName: "Ethereum (ETH)",
    });
  });

  it("needs the key like the toplists (401 keyless, Type 1 on HTTP 200 when wrong, api_key= accepted)", async () => {
    const keyless = await ccGet(sim, CC_COINLIST, null);
    expect(keyless).toMatchObject({ status: 401, body: { Response: "Error", Type: 1 } });
    expect(await ccGet(sim, CC_COINLIST, "nope")).toMatchObject({ status: 200, body: { Response: "Error", Type: 1 } });
    const byQuery = await getJson<CoinlistBody>(`${sim.url}${CC_COINLIST}?api_key=${sim.cryptocompareKey}`);
    expect(byQuery.body.Response).toBe("Success");
  });
});
