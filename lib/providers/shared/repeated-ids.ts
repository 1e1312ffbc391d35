// One answer that names a coin twice contradicts itself: which copy holds the price? Such a body is
// refused like any other bad body, and the last good snapshot stays. (Across pages a repeat is
// different: the list moved between two requests, and the clients keep the first copy.)
import { type BodyContext, badBody } from "../../http/parse-body";
import { listIds } from "./warnings";

export function refuseRepeatedIds(ids: readonly string[], context: BodyContext): void {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  if (repeated.size === 0) return;
  throw badBody(context, `one answer names ${repeated.size} coin id(s) more than once: ${listIds([...repeated])}`);
}
