import { describe, expect, it } from "vitest";
import { z } from "zod";
import { catchUpstreamError } from "../../test/support/http-server";
import { parseUpstreamBody } from "./parse-body";

const schema = z.object({ data: z.array(z.object({ id: z.number().int(), price: z.number().nullable() })) });
const context = { provider: "testprov", endpoint: "thing", status: 200 };

describe("parseUpstreamBody", () => {
  it("returns the typed body when the shape matches", () => {
    expect(parseUpstreamBody(schema, { data: [{ id: 1, price: 2.5, extra: true }] }, context)).toEqual({
      data: [{ id: 1, price: 2.5 }],
    });
  });

  it("turns wrong types (a price as a string) into bad_response naming the field, not the value", async () => {
    const body = {
      data: [
        { id: 1, price: 2 },
        { id: 2, price: "sekret-123.45" },
      ],
    };
    const error = await catchUpstreamError(
      Promise.resolve().then(() => parseUpstreamBody(schema, body, context)),
      ["sekret-123.45"],
    );
    expect(error.kind).toBe("bad_response");
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(200);
    expect(error.message).toBe(
      "testprov thing: unexpected body shape: data.1.price: Invalid input: expected number, received string",
    );
  });

  it("lists at most three issues", async () => {
    const body = { data: [{ id: "a" }, { id: "b" }, { id: "c" }] };
    const error = await catchUpstreamError(Promise.resolve().then(() => parseUpstreamBody(schema, body, context)));
    expect(error.message).toMatch(/\(\+3 more\)$/);
  });

  it("cleans an upstream key in an issue's path of control characters", async () => {
    const keyed = z.object({ data: z.record(z.string(), z.object({ price: z.number() })) });
    const body = { data: { "\u001b]0;pwned\u00071027\u202e": { price: "1" } } };
    const error = await catchUpstreamError(Promise.resolve().then(() => parseUpstreamBody(keyed, body, context)));
    expect(error.message).toBe(
      "testprov thing: unexpected body shape: data.1027.price: Invalid input: expected number, received string",
    );
  });
});
