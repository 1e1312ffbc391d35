// Reviewed identity overrides: the first step of the merge policy.
import { z } from "zod";

const overrideSchema = z
  .object({
    ranking: z.object({
      provider: z.string().min(1),
      id: z.string().min(1).optional(),
      // Only for ranking providers whose symbols are unique (CryptoCompare's `Name` is).
      symbol: z.string().min(1).optional(),
    }),
    pricing: z.object({ provider: z.string().min(1), id: z.string().min(1) }),
    note: z.string().optional(),
  })
  .refine((entry) => entry.ranking.id !== undefined || entry.ranking.symbol !== undefined, {
    message: "an override needs ranking.id or ranking.symbol",
  });

export const overridesFileSchema = z.object({
  $comment: z.string().optional(),
  overrides: z.array(overrideSchema),
});

export type IdentityOverride = z.output<typeof overrideSchema>;

/** Parses the text of an overrides file; throws with the offending path on a bad entry. */
export function parseOverrides(text: string): IdentityOverride[] {
  const parsed = overridesFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid overrides file at ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "unknown"}`);
  }
  return parsed.data.overrides;
}
