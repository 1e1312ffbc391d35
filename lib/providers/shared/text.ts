// Zod pieces every provider schema uses for upstream free text (symbols, names, slugs, chain names,
// error messages): the text is cleaned as the body is parsed (lib/format/text.ts says of what), so
// nothing downstream, store, CSV, terminal or page, ever holds a control character from upstream.
import { z } from "zod";
import { cleanText, hasUnsafeText } from "../../format/text";
import { reportNeutralizedText } from "./text-report";

// Marks the issue of a symbol or name with nothing printable: listOf drops such an item, where any
// other issue still fails the body.
const UNPRINTABLE = "unprintable";

/** Text cleaned of what it must not carry; may come out empty. */
export function upstreamText(provider: string, field: string) {
  return z.string().transform((raw) => {
    const cleaned = cleanText(raw);
    if (hasUnsafeText(raw)) reportNeutralizedText({ provider, field, outcome: "cleaned", raw, cleaned });
    return cleaned;
  });
}

/** A symbol or name: cleaned, and the record refused when nothing printable remains. */
export function requiredText(provider: string, field: string) {
  return z.string().transform((raw, ctx) => {
    const cleaned = cleanText(raw);
    if (cleaned === "") {
      reportNeutralizedText({ provider, field, outcome: "refused", raw, cleaned });
      ctx.addIssue({ code: "custom", message: "nothing printable", params: { [UNPRINTABLE]: true } });
      return z.NEVER;
    }
    if (hasUnsafeText(raw)) reportNeutralizedText({ provider, field, outcome: "cleaned", raw, cleaned });
    return cleaned;
  });
}

/** Cleaned text, or null when nothing printable remains. */
function textOrNull(provider: string, field: string) {
  return upstreamText(provider, field).transform((text): string | null => text || null);
}

/** Text that may be absent or null: cleaned, and null when nothing printable remains. */
export function optionalText(provider: string, field: string) {
  return textOrNull(provider, field).nullish();
}

/** Text that is always sent, possibly as null: cleaned, and null when nothing printable remains. */
export function nullableText(provider: string, field: string) {
  return textOrNull(provider, field).nullable();
}

function isUnprintable(issue: z.core.$ZodIssue): boolean {
  return issue.code === "custom" && issue.params?.[UNPRINTABLE] === true;
}

/**
 * An array whose items are read one by one: an item refused only for a symbol or name with nothing
 * printable is left out (a hostile coin must not cost the list); any other bad item still fails the
 * body, with its issues where the item was.
 */
export function listOf<T extends z.ZodType>(item: T) {
  return z.array(z.unknown()).transform((items, ctx) => {
    const kept: z.output<T>[] = [];
    items.forEach((raw, index) => {
      const parsed = item.safeParse(raw);
      if (parsed.success) kept.push(parsed.data);
      else if (!parsed.error.issues.every(isUnprintable)) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: "custom", message: issue.message, path: [index, ...issue.path], input: issue.input });
        }
      }
    });
    return kept;
  });
}
