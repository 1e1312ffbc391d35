// Validates a parsed upstream body against its zod schema. A body of the wrong shape is a
// bad_response: retrying would fetch the same shape again.
import type { z } from "zod";
import { cleanText } from "../format/text";
import { observeInvalidBody } from "../metrics/upstream";
import { ATTR, inSpanSync } from "../tracing/spans";
import { UpstreamError } from "./errors";

export interface BodyContext {
  provider: string;
  endpoint: string;
  status?: number;
}

const MAX_REPORTED_ISSUES = 3;

export function parseUpstreamBody<T>(schema: z.ZodType<T>, body: unknown, context: BodyContext): T {
  const attributes = { [ATTR.provider]: context.provider, [ATTR.endpoint]: context.endpoint };
  return inSpanSync(`parse ${context.provider} ${context.endpoint}`, attributes, (span) => {
    // Set before the parse, so a parse that throws leaves the span saying why.
    span.setAttribute(ATTR.outcome, "bad_response");
    const data = validate(schema, body, context);
    span.setAttribute(ATTR.outcome, "ok");
    return data;
  });
}

function validate<T>(schema: z.ZodType<T>, body: unknown, context: BodyContext): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw badBody(context, `unexpected body shape: ${describeIssues(result.error.issues)}`);
}

/** A body refused as bad_response, counted as an invalid body: for checks past the schema too. */
export function badBody(context: BodyContext, message: string): UpstreamError {
  observeInvalidBody(context.provider, context.endpoint);
  return new UpstreamError({
    kind: "bad_response",
    provider: context.provider,
    endpoint: context.endpoint,
    status: context.status,
    message,
  });
}

// Paths and zod's messages name the field and the expected type, not the value: values stay out
// of messages so a misrouted secret in a body cannot leak into logs. A path can hold an upstream
// key (quotes by id), so it is cleaned like any upstream text (lib/format/text.ts).
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const path = cleanText(issue.path.map(String).join(".")) || "(root)";
    return `${path}: ${issue.message}`;
  });
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join("; ")} (+${more} more)` : shown.join("; ");
}
