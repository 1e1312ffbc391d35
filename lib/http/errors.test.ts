import { describe, expect, it } from "vitest";
import { UpstreamError, type UpstreamErrorKind } from "./errors";

const make = (kind: UpstreamErrorKind, message = "boom") =>
  new UpstreamError({ kind, provider: "coinmarketcap", endpoint: "listings/latest", message, status: 429 });

describe("UpstreamError", () => {
  it("derives retryable from the kind", () => {
    const kinds: UpstreamErrorKind[] = ["auth", "quota", "rate_limited", "bad_response", "unavailable"];
    expect(kinds.map((kind) => make(kind).retryable)).toEqual([false, false, true, false, true]);
  });

  it("names the provider and endpoint in the message and keeps the fields", () => {
    const error = new UpstreamError({
      kind: "quota",
      provider: "coinmarketcap",
      endpoint: "listings/latest",
      message: "error 1009: daily limit",
      status: 429,
      providerCode: 1009,
      retryAfterMs: 1_000,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("UpstreamError");
    expect(error.message).toBe("coinmarketcap listings/latest: error 1009: daily limit");
    expect(error.toJSON()).toEqual({
      name: "UpstreamError",
      kind: "quota",
      provider: "coinmarketcap",
      endpoint: "listings/latest",
      status: 429,
      providerCode: 1009,
      retryAfterMs: 1_000,
      retryable: false,
      attempts: 1,
      message: "coinmarketcap listings/latest: error 1009: daily limit",
    });
  });

  it("drops query strings from URLs in messages and redacts given secrets", () => {
    const error = make("auth", "see https://host/x?api_key=abc123456789#frag and http://h/y?token=t0k3n1234");
    expect(error.message).toBe("coinmarketcap listings/latest: see https://host/x and http://h/y");
    expect(make("auth", "key abcd-1234 bad").redact(["abcd-1234", "x"]).message).toBe(
      "coinmarketcap listings/latest: key [redacted] bad",
    );
  });
});
