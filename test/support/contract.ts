// Checks an HTTP answer against the OpenAPI document: the path must be one of its paths (or the
// documented 404 of an unknown /api path), the method GET or HEAD (or the documented 405), the
// status one the operation lists, the content type one that status lists, and the body valid
// against that content type's schema (ajv, JSON Schema 2020-12). Returns the violations in words.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Json = Record<string, unknown>;

export interface ObservedAnswer {
  method: string;
  url: string;
  status: number;
  /** The Content-Type header, or null. */
  contentType: string | null;
  /** The body as text; null when none was read (HEAD, 304, or a stream left alone). */
  body: string | null;
}

interface Route {
  template: string;
  pattern: RegExp;
  item: Json;
}

/** One violation per line: what was asked, what was answered, what the contract says. */
function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 8).map((error) => {
    const where = error.instancePath || "/";
    const extra =
      error.keyword === "additionalProperties"
        ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
        : error.keyword === "enum"
          ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}

export class ContractChecker {
  private readonly ajv: Ajv2020;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // The document's components under one id, so `#/components/schemas/…` resolves from any schema.
    this.ajv.addSchema({ $id: "topcoins-contract", components: document.components }, "topcoins-contract");
    const paths = document.paths as Record<string, Json>;
    // Literal paths before templated ones, so /api/top never reads as a template's value.
    this.routes = Object.entries(paths)
      .map(([template, item]) => ({
        template,
        item,
        pattern: new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
      }))
      .sort((a, b) => Number(a.template.includes("{")) - Number(b.template.includes("{")));
  }

  private validator(schema: Json): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      const rooted = JSON.parse(key.replaceAll('"#/components/', '"topcoins-contract#/components/')) as Json;
      validate = this.ajv.compile(rooted);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** The violations of one answer; none when it is one the contract describes. */
  check(answer: ObservedAnswer): string[] {
    const url = new URL(answer.url);
    const method = answer.method.toUpperCase();
    const route = this.routes.find((candidate) => candidate.pattern.test(url.pathname));
    const components = (this.document.components as { responses: Record<string, Json> }).responses;
    if (!route) {
      if (answer.status === 404) return this.checkResponse(answer, components.NotFound as Json, "an unknown /api path");
      return [`no path of the contract matches ${url.pathname}, and the answer is ${answer.status}, not its 404`];
    }
    const operation = route.item[method === "HEAD" ? "get" : method.toLowerCase()] as Json | undefined;
    if (!operation) {
      if (answer.status === 405)
        return this.checkResponse(answer, components.MethodNotAllowed as Json, `${method} ${route.template}`);
      return [`${method} ${route.template} is not in the contract, and the answer is ${answer.status}, not its 405`];
    }
    const response = (operation.responses as Record<string, Json>)[String(answer.status)];
    if (!response) return [`status ${answer.status} is not documented for ${method} ${route.template}`];
    return this.checkResponse(answer, response, `${method} ${route.template} ${answer.status}`);
  }

  private checkResponse(answer: ObservedAnswer, response: Json, what: string): string[] {
    const content = response.content as Record<string, { schema: Json }> | undefined;
    const mediaType = answer.contentType?.split(";")[0]?.trim().toLowerCase() ?? null;
    const hasBody = answer.body !== null && answer.body !== "";
    if (!content) return hasBody ? [`${what}: the contract gives no body, the answer has one`] : [];
    if (answer.method.toUpperCase() === "HEAD" && !hasBody) {
      return mediaType !== null && !(mediaType in content)
        ? [`${what}: content type ${mediaType} is not documented`]
        : [];
    }
    if (mediaType === null || !(mediaType in content)) {
      return [`${what}: content type ${mediaType ?? "(none)"} is not one of ${Object.keys(content).join(", ")}`];
    }
    if (answer.body === null) return [];
    let value: unknown = answer.body;
    if (mediaType === "application/json") {
      try {
        value = JSON.parse(answer.body);
      } catch {
        return [`${what}: the body is not JSON: ${answer.body.slice(0, 80)}`];
      }
    }
    const validate = this.validator((content[mediaType] as { schema: Json }).schema);
    if (validate(value)) return [];
    return describeErrors(validate.errors).map((line) => `${what}: ${line}`);
  }
}
