// A JSON Schema in a few words for the /docs page: its type and the values it allows.
type Json = Record<string, unknown>;

const RANGE = "–";

/** `integer 1–200`, `one of json, csv`, `comma-separated list of …`, `TopBody`. */
export function describeSchema(schema: Json | undefined): string {
  if (!schema) return "";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? "";
  const anyCase = schema["x-values-any-case"];
  if (Array.isArray(anyCase)) return `one of ${anyCase.join(", ")} (any case)`;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(", ")}`;
  if (schema.type === "array")
    return `comma-separated list of ${describeSchema(schema.items as Json)}${maxItems(schema)}`;
  if (schema.type === "integer" || schema.type === "number") {
    const { minimum, maximum } = schema;
    if (minimum !== undefined && maximum !== undefined) return `${schema.type} ${minimum}${RANGE}${maximum}`;
    return String(schema.type);
  }
  if (schema.type === "string" && typeof schema.pattern === "string") return `string matching ${schema.pattern}`;
  return typeof schema.type === "string" ? schema.type : "any";
}

function maxItems(schema: Json): string {
  return typeof schema.maxItems === "number" ? `, at most ${schema.maxItems}` : "";
}

/** An example as the query string or a header carries it (a list joined by commas). */
export function exampleText(example: unknown): string {
  if (example === undefined) return "";
  if (Array.isArray(example)) return example.join(",");
  return typeof example === "string" ? example : JSON.stringify(example);
}
