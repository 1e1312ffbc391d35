import { describe, expect, it } from "vitest";
import { downloadHrefs, limitOptions, parseViewParams, toSearchParams, viewSearch } from "./view-params";

describe("limitOptions", () => {
  it("offers 10, 50, 100, 200 and the full depth, never above the depth", () => {
    expect(limitOptions(200)).toEqual([10, 50, 100, 200]);
    expect(limitOptions(500)).toEqual([10, 50, 100, 200, 500]);
    expect(limitOptions(60)).toEqual([10, 50, 60]);
    expect(limitOptions(5)).toEqual([5]);
  });
  it("keeps a limit from the URL that is not one of the usual ones, so the selector shows it", () => {
    expect(limitOptions(200, 25)).toEqual([10, 25, 50, 100, 200]);
  });
});

describe("parseViewParams", () => {
  it("reads sort, dir and q", () => {
    expect(parseViewParams(new URLSearchParams("sort=price&dir=asc&q=bit"))).toEqual({
      sort: { key: "price", dir: "asc" },
      q: "bit",
    });
  });
  it("falls back to rank order for an unknown sort, and to the column's first direction", () => {
    expect(parseViewParams(new URLSearchParams("sort=colour&dir=up")).sort).toEqual({ key: "rank", dir: "asc" });
    expect(parseViewParams(new URLSearchParams("sort=volume")).sort).toEqual({ key: "volume", dir: "desc" });
    expect(parseViewParams(new URLSearchParams("sort=name&dir=sideways")).sort).toEqual({ key: "name", dir: "asc" });
  });
});

describe("viewSearch", () => {
  it("leaves defaults out and keeps the rest", () => {
    expect(viewSearch({ limit: 200, vs: "USD", sort: { key: "rank", dir: "asc" }, q: "" }, 200)).toBe("");
    expect(viewSearch({ limit: 50, vs: "USD", sort: { key: "price", dir: "desc" }, q: "" }, 200)).toBe(
      "?limit=50&sort=price&dir=desc",
    );
    expect(viewSearch({ limit: 10, vs: "USD", sort: { key: "rank", dir: "desc" }, q: "usd coin" }, 200)).toBe(
      "?limit=10&sort=rank&dir=desc&q=usd+coin",
    );
    expect(viewSearch({ limit: 200, vs: "USD", sort: { key: "rank", dir: "asc" }, q: "  " }, 200)).toBe("");
    expect(viewSearch({ limit: 200, vs: "EUR", sort: { key: "price", dir: "asc" }, q: "" }, 200)).toBe(
      "?vs=EUR&sort=price&dir=asc",
    );
  });
  it("round-trips through parseViewParams", () => {
    const view = { limit: 10, vs: "SATS", sort: { key: "change24h", dir: "asc" }, q: "a&b" } as const;
    const params = new URLSearchParams(viewSearch(view, 200));
    expect(parseViewParams(params)).toEqual({ sort: view.sort, q: view.q });
    expect(params.get("limit")).toBe("10");
    expect(params.get("vs")).toBe("SATS");
  });
});

describe("downloadHrefs and toSearchParams", () => {
  it("links the CSV and JSON of the rows shown", () => {
    expect(downloadHrefs(50)).toEqual({ csv: "/api/top?limit=50&format=csv", json: "/api/top?limit=50" });
    expect(downloadHrefs(10, "EUR")).toEqual({
      csv: "/api/top?limit=10&vs=EUR&format=csv",
      json: "/api/top?limit=10&vs=EUR",
    });
  });
  it("keeps repeated parameters, so a repeated limit is still caught", () => {
    expect(toSearchParams({ limit: ["1", "2"], q: "x", none: undefined }).toString()).toBe("limit=1&limit=2&q=x");
  });
});
