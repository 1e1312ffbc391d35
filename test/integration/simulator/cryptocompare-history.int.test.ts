import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator } from "../../../simulator/server";
import { type CcToplist, ccGet, FIXED_NOW, startTestSimulator } from "../../support/simulator";

interface Row {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumefrom: number;
  volumeto: number;
  conversionType: string;
}
interface HistoryBody {
  Response: string;
  Type: number;
  Data: { Aggregated: boolean; TimeFrom: number; TimeTo: number; Data: Row[] };
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

const nowSeconds = Math.floor(FIXED_NOW / 1000);

describe("history", () => {
  it.each([
    ["histohour", 3600, 168],
    ["histoday", 86_400, 30],
  ])("%s returns limit+1 ascending rows ending in the current period", async (path, step, def) => {
    for (const limit of [undefined, 1, 10, 2000]) {
      const query = `/data/v2/${path}?fsym=BTC&tsym=USD${limit === undefined ? "" : `&limit=${limit}`}`;
      const { status, headers, body } = await ccGet<HistoryBody>(sim, query);
      expect(status).toBe(200);
      expect(headers.get("cache-control")).toBe("public, max-age=10");
      expect(body).toMatchObject({ Response: "Success", Type: 100, Data: { Aggregated: false } });
      const rows = body.Data.Data;
      expect(rows).toHaveLength((limit ?? def) + 1);
      rows.forEach((row, i) => {
        if (i > 0) expect(row.time - (rows[i - 1]?.time ?? 0)).toBe(step);
        if (i > 0) expect(row.open).toBe(rows[i - 1]?.close);
        expect(row.high).toBeGreaterThanOrEqual(Math.max(row.open, row.close));
        expect(row.low).toBeLessThanOrEqual(Math.min(row.open, row.close));
        expect(row.volumeto).toBeGreaterThan(0);
      });
      const last = rows.at(-1);
      expect(last?.time).toBe(Math.floor(nowSeconds / step) * step);
      expect(body.Data.TimeFrom).toBe(rows[0]?.time);
      expect(body.Data.TimeTo).toBe(last?.time);
    }
  });

  it("closes the last row at the current toplist price", async () => {
    const { body: toplist } = await ccGet<CcToplist>(sim, "/data/top/totalvolfull?tsym=USD&limit=10");
    const { body } = await ccGet<HistoryBody>(sim, "/data/v2/histohour?fsym=ETH&tsym=USD&limit=24");
    expect(body.Data.Data.at(-1)?.close).toBe(toplist.Data[1]?.RAW?.USD.PRICE);
    const open24 = toplist.Data[1]?.RAW?.USD.OPEN24HOUR;
    expect(body.Data.Data[0]?.close).toBe(open24);
  });

  it("ends at toTs when given", async () => {
    const toTs = nowSeconds - 10 * 3600;
    const { body } = await ccGet<HistoryBody>(sim, `/data/v2/histohour?fsym=BTC&tsym=USD&limit=5&toTs=${toTs}`);
    expect(body.Data.Data.at(-1)?.time).toBe(Math.floor(toTs / 3600) * 3600);
  });

  it("answers an unknown fsym, a missing fsym and limit > 2000 with Type 2", async () => {
    for (const query of ["fsym=NOPE&tsym=USD", "tsym=USD", "fsym=BTC&tsym=USD&limit=2001"]) {
      const { status, body } = await ccGet(sim, `/data/v2/histoday?${query}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ Response: "Error", Type: 2, ParamWithError: expect.any(String) });
    }
  });

  it("needs the key like every CryptoCompare endpoint", async () => {
    const { status, body } = await ccGet(sim, "/data/v2/histoday?fsym=BTC&tsym=USD", null);
    expect(status).toBe(401);
    expect(body).toMatchObject({ Type: 1 });
  });
});
