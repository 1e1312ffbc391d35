// Content coding and revalidation of prepared bodies: the choice by Accept-Encoding q-values (as
// Next's compression makes it, plus brotli on the fast path), one ETag per coding, and
// If-None-Match against any coding of the same content.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type AnswerRequest, EncodedBody, encodedAnswer, errorAnswer } from "./answer";
import type { Transport } from "./encoding";
import { codingQuality, directCoding, nextCoding } from "./encoding";

const BIG = Buffer.from(JSON.stringify({ data: Array.from({ length: 100 }, (_, rank) => ({ rank, symbol: "BTC" })) }));

function request(headers: Record<string, string>, transport: Transport = "direct", method = "GET"): AnswerRequest {
  return { method, url: new URL("http://localhost/api/top"), header: (name) => headers[name] ?? null, transport };
}

describe("coding choice", () => {
  it.each([
    [null, "identity", "identity"],
    ["", "identity", "identity"],
    ["gzip, deflate", "gzip", "gzip"],
    ["gzip, deflate, br", "gzip", "br"],
    ["br;q=0.5, gzip", "gzip", "gzip"],
    ["br;q=0, gzip;q=0", "identity", "identity"],
    ["deflate", "deflate", "deflate"],
    ["deflate, br", "deflate", "br"],
    ["*", "gzip", "br"],
    ["gzip;q=0.1, identity", "identity", "identity"],
    ["identity", "identity", "identity"],
    ["GZIP;Q=0.9", "gzip", "gzip"],
    ["br;q=0.5", "identity", "br"],
  ])("Accept-Encoding %j: Next sends %s, the fast path %s", (header, next, direct) => {
    expect(nextCoding(header)).toBe(next);
    expect(directCoding(header)).toBe(direct);
  });

  it("reads identity as acceptable unless refused", () => {
    expect(codingQuality(null, "identity")).toBe(1);
    expect(codingQuality("gzip", "identity")).toBe(1);
    expect(codingQuality("identity;q=0", "identity")).toBe(0);
    expect(codingQuality("*;q=0", "deflate")).toBe(0);
  });
});

describe("encodedAnswer", () => {
  const encoded = new EncodedBody(BIG, "abc");
  const headers = { vary: "Accept, Accept-Encoding" };
  const answer = (h: Record<string, string>, transport: Transport = "direct", method = "GET") =>
    encodedAnswer(request(h, transport, method), 200, encoded, headers, "application/json");

  it("sends each coding with its own ETag, Content-Encoding and length", () => {
    const plain = answer({});
    expect(plain.headers).toEqual({
      vary: "Accept, Accept-Encoding",
      etag: '"abc"',
      "content-type": "application/json",
      "content-length": String(BIG.length),
    });
    expect(plain.body).toEqual(BIG);

    const gzip = answer({ "accept-encoding": "gzip" });
    expect(gzip.headers.etag).toBe('"abc-gzip"');
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body ?? Buffer.alloc(0))).toEqual(BIG);
    expect(gzip.headers["content-length"]).toBe(String(gzip.body?.length));

    const br = answer({ "accept-encoding": "gzip, br" });
    expect(br.headers.etag).toBe('"abc-br"');
    expect(brotliDecompressSync(br.body ?? Buffer.alloc(0))).toEqual(BIG);
    expect(br.body?.length).toBeLessThan(gzip.body?.length ?? 0);
  });

  it("leaves the compression to Next on its path, with the ETag of what Next will send", () => {
    const routed = answer({ "accept-encoding": "gzip, br" }, "next");
    expect(routed.body).toBe(BIG);
    expect(routed.coding).toBe("gzip");
    expect(routed.headers).toEqual({ ...headers, etag: '"abc-gzip"', "content-type": "application/json" });
  });

  it("never encodes a HEAD answer, as Next does not", () => {
    expect(answer({ "accept-encoding": "br" }, "direct", "HEAD").headers.etag).toBe('"abc"');
  });

  it("compresses once per coding and reuses the bytes", () => {
    expect(answer({ "accept-encoding": "br" }).body).toBe(answer({ "accept-encoding": "br" }).body);
  });

  it("answers 304 to the ETag of any coding of the same content, with the selected coding's ETag", () => {
    for (const held of ['"abc"', 'W/"abc-gzip"', '"other", "abc-br"', "*"]) {
      expect(answer({ "accept-encoding": "gzip", "if-none-match": held }), held).toEqual({
        status: 304,
        headers: { ...headers, etag: '"abc-gzip"' },
        body: null,
        coding: "identity",
      });
    }
    expect(answer({ "if-none-match": '"abcd"' }).status).toBe(200);
    expect(answer({ "if-none-match": '"abc-zip"' }).status).toBe(200);
  });

  it("never revalidates a body without an ETag", () => {
    const health = new EncodedBody(BIG, null);
    const sent = encodedAnswer(request({ "if-none-match": "*" }), 200, health, {}, "application/json");
    expect(sent.status).toBe(200);
    expect(sent.headers.etag).toBeUndefined();
  });
});

describe("errorAnswer", () => {
  it("sends the one error shape, compressed like any answer", () => {
    const sent = errorAnswer(request({ "accept-encoding": "gzip" }), 400, "invalid_limit", "limit must be an integer");
    expect(JSON.parse(gunzipSync(sent.body ?? Buffer.alloc(0)).toString())).toEqual({
      error: { code: "invalid_limit", message: "limit must be an integer" },
    });
    expect(sent.headers).toMatchObject({
      "cache-control": "no-store",
      vary: "Accept-Encoding",
      "content-encoding": "gzip",
      "content-length": String(sent.body?.length),
    });
    expect(sent.headers.etag).toBeUndefined();
  });
});
