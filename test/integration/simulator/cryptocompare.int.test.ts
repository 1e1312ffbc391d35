import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import { allRanked, type CcToplist, ccGet, FIXED_NOW, getJson, startTestSimulator } from "../../support/simulator";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const TOPLIST = "/data/top/totalvolfull?tsym=USD&limit=100";
const AUTH_BODY = {
  Response: "Error",
  Message: "You need a valid auth key or api key to access this endpoint",
  HasWarning: false,
  Type: 1,
  RateLimit: {},
  Data: {},
};
const RAW_STRINGS = new Set(["TYPE", "MARKET", "FROMSYMBOL", "TOSYMBOL", "FLAGS", "LASTMARKET", "LASTTRADEID"]);
RAW_STRINGS.add("CONVERSIONTYPE").add("CONVERSIONSYMBOL").add("IMAGEURL");

describe("toplists", () => {
  it("pages 0 and 1 give ranks 1-100 and 101-200, without overlap and without the sponsored coin", async () => {
    const page0 = await ccGet<CcToplist>(sim, `${TOPLIST}&page=0`);
    const page1 = await ccGet<CcToplist>(sim, `${TOPLIST}&page=1`);
    expect(page0.status).toBe(200);
    expect(page0.headers.get("cache-control")).toBe("public, max-age=10");
    expect(page0.headers.get("x-simulated-data")).toBe("true");
    expect(page0.body).toMatchObject({ Message: "Success", Type: 100, MetaData: { Count: 664 }, RateLimit: {} });
    expect(page0.body).toHaveProperty("HasWarning", false);
    const ids = [...page0.body.Data, ...page1.body.Data].map((item) => item.CoinInfo.Id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    const all = await allRanked(sim);
    expect(all.slice(0, 200).map((item) => item.CoinInfo.Id)).toEqual(ids);
    expect(page0.body.SponsoredData).toHaveLength(1);
    expect(page1.body.SponsoredData).toHaveLength(1);
    const sponsoredId = page0.body.SponsoredData[0]?.CoinInfo.Id;
    expect(all.some((item) => item.CoinInfo.Id === sponsoredId)).toBe(false);
    expect(all).toHaveLength(664);
  });

  it("ranks totalvolfull by TOTALVOLUME24HTO and mktcapfull by MKTCAP", async () => {
    for (const [list, field] of [
      ["totalvolfull", "TOTALVOLUME24HTO"],
      ["mktcapfull", "MKTCAP"],
    ] as const) {
      const values = (await allRanked(sim, list)).flatMap((item) => (item.RAW ? [Number(item.RAW.USD[field])] : []));
      expect(values.length).toBeGreaterThan(600);
      expect([...values].sort((a, b) => b - a)).toEqual(values);
    }
  });

  it("sends CoinInfo, numeric RAW.USD and string DISPLAY.USD as the provider does", async () => {
    const { body } = await ccGet<CcToplist>(sim, `${TOPLIST}&page=0`);
    const btc = body.Data[0];
    expect(btc?.CoinInfo).toMatchObject({ Id: "1182", Name: "BTC", FullName: "Bitcoin", Type: 1 });
    expect(btc?.CoinInfo).toMatchObject({ DocumentType: "Webpagecoinp", MaxSupply: 21_000_000 });
    expect(body.Data[1]?.CoinInfo).toMatchObject({ Id: "7605", Name: "ETH", MaxSupply: -1 });
    for (const item of body.Data.filter((entry) => entry.RAW)) {
      for (const [field, value] of Object.entries(item.RAW?.USD ?? {})) {
        expect(typeof value, field).toBe(RAW_STRINGS.has(field) ? "string" : "number");
      }
      for (const value of Object.values(item.DISPLAY?.USD ?? {})) expect(typeof value).toBe("string");
      expect(item.RAW?.USD.LASTUPDATE).toBeLessThanOrEqual(Math.floor(FIXED_NOW / 1000));
      expect(item.RAW?.USD.LASTUPDATE).toBeGreaterThan(Math.floor(FIXED_NOW / 1000) - 60);
    }
    expect(btc?.DISPLAY?.USD.PRICE).toMatch(/^\$ \d{2},\d{3}\.\d$/);
    expect(btc?.DISPLAY?.USD.MKTCAP).toMatch(/^\$ [\d,]+\.\d\d B$/);
  });

  it("includes the hard cases in the top 200, one of them without RAW/DISPLAY", async () => {
    const top = (await allRanked(sim)).slice(0, 200);
    const byName = new Map(top.map((item) => [item.CoinInfo.Name, item]));
    expect(byName.get("HOT")?.CoinInfo.FullName).toBe("Holo");
    expect(byName.get("IOT")?.CoinInfo.FullName).toBe("IOTA");
    expect(byName.get("WINGS")?.CoinInfo.FullName).toBe("Wings");
    expect(byName.get("ABC")?.CoinInfo.FullName).toBe("Alpha Beta Coin");
    const bare = top.filter((item) => !item.RAW);
    expect(bare).toHaveLength(1);
    expect(bare[0]).not.toHaveProperty("DISPLAY");
    expect(top.some((item) => Number(item.RAW?.USD.PRICE) < 1.5e-7)).toBe(true);
  });

  it("refuses a keyless call with HTTP 401 and a wrong key with HTTP 200, both Type 1; accepts ?api_key=", async () => {
    const missing = await ccGet(sim, TOPLIST, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual(AUTH_BODY);
    const wrong = await ccGet(sim, TOPLIST, "nope");
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual(AUTH_BODY);
    const query = await getJson<CcToplist>(`${sim.url}${TOPLIST}&api_key=${sim.cryptocompareKey}`);
    expect(query.body.Type).toBe(100);
  });

  it("requires tsym and caps limit at 100 with Type 2 errors", async () => {
    const noTsym = await ccGet(sim, "/data/top/totalvolfull?limit=10");
    expect(noTsym.status).toBe(200);
    expect(noTsym.body).toEqual({
      Response: "Error",
      Message: "tsym is a required param.",
      HasWarning: false,
      Type: 2,
      RateLimit: {},
      Data: {},
      ParamWithError: "tsym",
    });
    const tooMany = await ccGet(sim, "/data/top/mktcapfull?tsym=USD&limit=101");
    expect(tooMany.body).toMatchObject({ Response: "Error", Type: 2, ParamWithError: "limit" });
    const small = await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=3");
    expect(small.body.Data).toHaveLength(10);
  });

  it("answers any other /data path with Type 0 'Path does not exist'", async () => {
    const { status, body } = await ccGet(sim, "/data/top/nothing?tsym=USD");
    expect(status).toBe(200);
    expect(body).toEqual({ Response: "Error", Message: "Path does not exist", Type: 0, Data: {} });
  });
});
