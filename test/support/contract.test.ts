import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/web/openapi";
import { ContractChecker, type ObservedAnswer } from "./contract";

type Json = Record<string, unknown>;
const document = buildOpenApiDocument(200);
const checker = new ContractChecker(document);
const JSON_TYPE = "application/json; charset=utf-8";

const answer = (path: string, status: number, body: unknown, extra: Partial<ObservedAnswer> = {}): ObservedAnswer => ({
  method: "GET",
  url: `http://127.0.0.1:4000${path}`,
  status,
  contentType: JSON_TYPE,
  body: typeof body === "string" ? body : JSON.stringify(body),
  ...extra,
});

const paths = document.paths as Record<
  string,
  { get: { responses: Record<string, { content?: Record<string, Json> }> } }
>;
const exampleOf = (path: string, status: string, type = "application/json") =>
  paths[path]?.get.responses[status]?.content?.[type]?.example;
const topExample = exampleOf("/api/top", "200") as { data: Json[]; meta: Json };

describe("the contract check", () => {
  it("accepts every example of the document as an answer of its own operation and status", () => {
    let checked = 0;
    for (const [template, item] of Object.entries(paths)) {
      const path = template.replace("{id}", "bitcoin").replace("{coin}", "BTC");
      for (const [status, response] of Object.entries(item.get.responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (media.example === undefined) continue;
          expect(
            checker.check(answer(path, Number(status), media.example, { contentType: type })),
            `${template} ${status}`,
          ).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBe(33);
  });

  it("reports a wrong body with the path of each wrong value", () => {
    const wrong = {
      data: [{ ...topExample.data[0], rank: "1", priceStatus: "cheap" }],
      meta: { ...topExample.meta, extra: true },
    };
    expect(checker.check(answer("/api/top?limit=2", 200, wrong))).toEqual([
      "GET /api/top 200: /data/0/rank must be integer",
      'GET /api/top 200: /data/0/priceStatus must be equal to one of the allowed values (["ok","not_listed","ambiguous"])',
      "GET /api/top 200: /meta must NOT have additional properties (extra)",
    ]);
    const { meta: _meta, ...noMeta } = topExample;
    expect(checker.check(answer("/api/top", 200, noMeta))).toEqual([
      "GET /api/top 200: / must have required property 'meta'",
    ]);
  });

  it("reports an undocumented status, content type or path, and a body where none belongs", () => {
    expect(checker.check(answer("/api/top", 418, { error: { code: "teapot", message: "no" } }))).toEqual([
      "status 418 is not documented for GET /api/top",
    ]);
    expect(checker.check(answer("/api/top", 200, "<html></html>", { contentType: "text/html" }))).toEqual([
      "GET /api/top 200: content type text/html is not one of application/json, text/csv",
    ]);
    expect(
      checker.check(answer("/api/price/BTC", 200, "1.5e-7\n", { contentType: "text/plain; charset=utf-8" })),
    ).toEqual(['GET /api/price/{coin} 200: / must match pattern "^[0-9]+(\\.[0-9]+)?\\n$"']);
    expect(checker.check(answer("/api/nope", 200, { ok: true }))).toEqual([
      "no path of the contract matches /api/nope, and the answer is 200, not its 404",
    ]);
    expect(checker.check(answer("/api/top", 304, "stale", { contentType: null }))).toEqual([
      "GET /api/top 304: the contract gives no body, the answer has one",
    ]);
    expect(checker.check(answer("/api/top", 200, "not json"))).toEqual([
      "GET /api/top 200: the body is not JSON: not json",
    ]);
  });

  it("accepts the documented 404 of an unknown path, the 405 of another method, HEAD and 304 without a body", () => {
    const notFound = { error: { code: "not_found", message: 'no API route "/api/nope"' } };
    expect(checker.check(answer("/api/nope", 404, notFound))).toEqual([]);
    expect(checker.check(answer("/api/nope", 404, { code: "not_found" }))).toEqual([
      "an unknown /api path: / must have required property 'error'",
      "an unknown /api path: / must NOT have additional properties (code)",
    ]);
    const notAllowed = { error: { code: "method_not_allowed", message: "this route answers GET, HEAD, OPTIONS only" } };
    expect(checker.check(answer("/api/top", 405, notAllowed, { method: "POST" }))).toEqual([]);
    expect(checker.check(answer("/api/top", 200, topExample, { method: "POST" }))).toEqual([
      "POST /api/top is not in the contract, and the answer is 200, not its 405",
    ]);
    expect(checker.check(answer("/api/top", 200, null, { method: "HEAD", body: null }))).toEqual([]);
    expect(checker.check(answer("/api/top", 304, null, { body: "", contentType: null }))).toEqual([]);
    expect(checker.check(answer("/api/coins/1182", 308, null, { body: "", contentType: null }))).toEqual([]);
    // Node refuses a request over 16 KiB of URL and headers before any route: documented, without a body.
    expect(
      checker.check(answer(`/api/top?x=${"a".repeat(70_000)}`, 431, null, { body: "", contentType: null })),
    ).toEqual([]);
  });
});
