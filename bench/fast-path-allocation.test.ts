// What Top Coins' code allocates per fast-path answer, measured in a Node of its own: only the two
// clock readings that time the request (Node boxes each, 16–24 bytes), plus the id when it makes one.
// An object, a closure's context or a string made per answer and kept past the call would each add
// 32 bytes or more.
import { describe, expect, it } from "vitest";
import { measureFastPathAllocation } from "./fast-path-allocation-run";

describe("the fast path's own allocation", () => {
  it("is the clock readings per answer, and the id's string when the web makes one", async () => {
    const cases = await measureFastPathAllocation();
    expect(cases.map(({ name, status }) => [name, status])).toEqual([
      ["304, the caller's request id", 304],
      ["200 JSON, the caller's request id", 200],
      ["304, a new request id", 304],
    ]);
    const [notModified, json, newId] = cases.map((c) => c.bytesPerAnswer);
    expect(notModified).toBeLessThan(64);
    expect(json).toBeLessThan(64);
    // A 36-character string: 56 bytes.
    expect(newId).toBeLessThan(64 + 64);
  }, 60_000);
});
