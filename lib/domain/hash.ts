import { createHash } from "node:crypto";

/** A stable content hash: the same records in the same order always hash the same. */
export function contentHash(records: unknown): string {
  return createHash("sha256").update(JSON.stringify(records)).digest("hex");
}
