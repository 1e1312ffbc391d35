// The OpenAPI 3.1 document of the HTTP API, generated from the contract's zod schemas (zod 4's
// JSON Schema output, draft 2020-12, which OpenAPI 3.1 uses as is). Served at /api/openapi.json
// and rendered by /docs; the integration suite checks every answer it receives against it.
import { createHash } from "node:crypto";
import { z } from "zod";
import { packageInfo } from "../version";
import { errorSchema } from "./contract/bodies";
import { errorExample } from "./contract/examples";
import type { OperationSpec, ResponseSpec } from "./contract/operations";
import { operations } from "./contract/operations";
import type { ParameterSpec } from "./contract/params";
import { contractSchemas } from "./contract/registry";

type Json = Record<string, unknown>;

const COMPONENT = "#/components/schemas/";

const HEADERS: Record<string, { description: string; schema: Json }> = {
  ETag: { description: "Changes with the data; send it back in If-None-Match.", schema: { type: "string" } },
  "Cache-Control": { description: "How long shared caches may keep the answer.", schema: { type: "string" } },
  "Retry-After": { description: "Seconds to wait before asking again.", schema: { type: "integer", minimum: 0 } },
  Location: { description: "Where the resource is.", schema: { type: "string" } },
};

/** A schema as JSON Schema: a reference when it is a named component, else inline. */
function schemaOf(schema: z.ZodType): Json {
  const named = contractSchemas.get(schema);
  if (named) return { $ref: `${COMPONENT}${named.id}` };
  const { $schema: _ignored, ...inline } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as Json;
  return inline;
}

function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(contractSchemas, {
    target: "draft-2020-12",
    uri: (id) => `${COMPONENT}${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema as Json]),
  );
}

function parameterOf(parameter: ParameterSpec): Json {
  return {
    name: parameter.name,
    in: parameter.in,
    description: parameter.description,
    required: parameter.required ?? false,
    schema: schemaOf(parameter.schema),
    ...(parameter.list ? { style: "form", explode: false } : {}),
    ...(parameter.example === undefined ? {} : { example: parameter.example }),
  };
}

function responseOf(response: ResponseSpec): Json {
  const content = Object.entries(response.content ?? {}).map(([type, media]) => [
    type,
    { schema: schemaOf(media.schema), ...(media.example === undefined ? {} : { example: media.example }) },
  ]);
  const headers = (response.headers ?? []).map((name) => [name, HEADERS[name]]);
  return {
    description: response.description,
    ...(content.length ? { content: Object.fromEntries(content) } : {}),
    ...(headers.length ? { headers: Object.fromEntries(headers) } : {}),
  };
}

const rateLimited: ResponseSpec = {
  description: "Over the per-client limit (`rate_limited`, only with API_RATE_LIMIT_PER_MINUTE set).",
  content: {
    "application/json": {
      schema: errorSchema,
      example: errorExample("rate_limited", "too many requests from this client; retry in 2 s"),
    },
  },
  headers: ["Retry-After"],
};

// Node's HTTP server refuses a request whose URL and headers pass 16 KiB before any route sees it.
const tooLarge: ResponseSpec = {
  description:
    "The URL and headers are over 16 KiB: the HTTP server refuses the request before any route, without a body.",
};

function operationOf(spec: OperationSpec): Json {
  const limited = spec.rateLimited ? { "429": rateLimited } : {};
  const responses = { ...spec.responses, ...limited, "431": tooLarge };
  const ordered = Object.entries(responses).sort(([a], [b]) => a.localeCompare(b));
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: [spec.tag],
    parameters: spec.parameters.map(parameterOf),
    responses: Object.fromEntries(ordered.map(([status, response]) => [status, responseOf(response)])),
    ...(spec.bearer ? { security: [{ cronSecret: [] }] } : {}),
    "x-codeSamples": [{ lang: "shell", label: "curl", source: spec.curl }],
  };
}

/** The whole document for a server whose ranking holds `depth` coins. */
export function buildOpenApiDocument(depth: number): Json {
  const paths: Record<string, Json> = {};
  for (const spec of operations(depth)) paths[spec.path] = { get: operationOf(spec) };
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Top Coins API",
      version: packageInfo().version,
      summary: "The top N crypto assets by rank with their USD prices, merged from two providers and kept current.",
      description:
        'Public and read-only: every route answers GET, HEAD and OPTIONS (`204` with `Allow`; another method gets `405 method_not_allowed` with the same `Allow`), any path under /api/ that no route serves gets `404 not_found`, and every error has the shape `{"error": {"code", "message"}}`. A 5xx other than the 503s described here is a bug.',
      license: { name: "MIT", identifier: "MIT" },
    },
    tags: [
      { name: "data", description: "The served list, one coin, its price and its history" },
      { name: "operations", description: "Health, version, metrics, the cron refresh and this document" },
    ],
    paths,
    components: {
      schemas: components(),
      responses: {
        NotFound: responseOf({
          description: "Any other path under /api/ (`not_found`).",
          content: {
            "application/json": {
              schema: errorSchema,
              example: errorExample("not_found", 'no API route "/api/nope"; see /api/top, /api/health'),
            },
          },
        }),
        MethodNotAllowed: responseOf({
          description: "A method other than GET, HEAD or OPTIONS (`method_not_allowed`); `Allow` lists the methods.",
          content: {
            "application/json": {
              schema: errorSchema,
              example: errorExample("method_not_allowed", "this route answers GET, HEAD, OPTIONS only"),
            },
          },
        }),
      },
      securitySchemes: {
        cronSecret: { type: "http", scheme: "bearer", description: "The CRON_SECRET of the server's configuration." },
      },
    },
  };
}

/** The document as served: its JSON and an ETag of it, built once per depth. */
const served = new Map<number, { body: string; etag: string }>();

export function openApiBody(depth: number): { body: string; etag: string } {
  let entry = served.get(depth);
  if (!entry) {
    const body = JSON.stringify(buildOpenApiDocument(depth));
    const etag = `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
    entry = { body, etag };
    served.set(depth, entry);
  }
  return entry;
}
