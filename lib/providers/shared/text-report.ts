// Each upstream text neutralized at parse time is counted every time, and logged once per value: a
// coin that stays hostile is in every fetch, and one line says all there is to say. The line holds
// the cleaned text and the arrived one with its unsafe code points escaped, never the raw bytes.
import { escapeUnsafeText } from "../../format/text";
import { createLogger, type Logger } from "../../log";
import { observeTextSanitized, type TextOutcome } from "../../metrics/upstream";

/** Values remembered as logged; past this the oldest is forgotten (and may be logged again). */
const MAX_REMEMBERED = 1_000;
/** Characters of a value kept in a log line and in the memory of what was logged. */
const MAX_SHOWN = 200;

const reported = new Set<string>();
let logger: Logger | null = null;

/** Where the lines go: a service's own logger (set at start-up); a logger of its own otherwise. */
export function setUpstreamTextLogger(next: Logger | null): void {
  if (next === logger) return;
  logger = next;
  reported.clear();
}

export interface NeutralizedText {
  provider: string;
  field: string;
  outcome: TextOutcome;
  raw: string;
  cleaned: string;
}

export function reportNeutralizedText({ provider, field, outcome, raw, cleaned }: NeutralizedText): void {
  observeTextSanitized(provider, field, outcome);
  const key = `${provider}\u0000${field}\u0000${raw.slice(0, MAX_SHOWN)}`;
  if (reported.has(key)) return;
  if (reported.size >= MAX_REMEMBERED) {
    const oldest = reported.values().next();
    if (!oldest.done) reported.delete(oldest.value);
  }
  reported.add(key);
  logger ??= createLogger("upstream");
  const fields = { provider, field, text: cleaned, arrived: escapeUnsafeText(raw.slice(0, MAX_SHOWN)) };
  if (outcome === "refused") logger.warn(fields, "upstream text refused: nothing printable, the record is left out");
  else logger.warn(fields, "upstream text cleaned of control characters");
}
