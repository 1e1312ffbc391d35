// One RFC 4180 CSV field, safe for spreadsheets and terminals. The top list's CSV itself (header,
// columns, CRLF line ends) is lib/web/top-select.ts renderRowsCsv.
import { cleanText } from "./text";

/**
 * Cleans a field, quotes it when RFC 4180 needs it, and defuses spreadsheet formulas (OWASP CSV
 * injection): text that starts with = + - or @ gets a leading apostrophe. Cleaning (lib/format/text.ts)
 * removes controls and turns tabs and line breaks into spaces: `curl` prints this CSV to a terminal,
 * and though the providers' text is cleaned when parsed, a store written by an older version may
 * still hold raw text.
 */
export function csvField(value: string): string {
  const text = cleanText(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}
