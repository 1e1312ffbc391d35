// Upstream text made safe to show: a terminal reading `curl` or `topcoins top` must never receive a
// control character, an escape sequence or a bidi override from a coin's name. Pure, no I/O.
// The rule and the reasons for each class are in docs/RELIABILITY.md ("Hostile text").

// Whole ECMA-48 sequences, removed as a unit so `ESC ] 0 ; title BEL` leaves no `]0;title` behind:
// - control strings (OSC, DCS, SOS, PM, APC, 7-bit or 8-bit introducer) up to BEL or ST (ESC \ or
//   U+009C); an unterminated one runs to the end of the text, as a terminal would swallow it;
// - CSI (ESC [ or U+009B): parameter bytes, intermediate bytes, a final byte;
// - any other escape: ESC, intermediate bytes, a final byte (ESC c, ESC ( B), or a lone ESC.
const SEQUENCES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

// Single code points removed: C0 and C1 controls (but the line-breaking ones, which become spaces),
// DEL, the bidi controls (ALM, LRM, RLM, embeddings and overrides, isolates), and invisibles that
// only serve to disguise text: zero-width space, word joiner and invisible operators (U+2060–U+2064),
// the deprecated format controls (U+206A–U+206F), the Mongolian vowel separator and the BOM.
// Zero-width (non-)joiners (U+200C, U+200D) stay: emoji sequences and Persian or Indic names need them.
const REMOVED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

// Controls that break a line (tab, LF, VT, FF, CR, NEL, line and paragraph separators) become a space.
const BREAKS = /[\t\n\v\f\r\x85\u2028\u2029]/g;

// A surrogate without its pair cannot be written as UTF-8; it becomes U+FFFD, as TextEncoder does.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * True when cleanText could change the text: a code point it removes or replaces, a surrogate, or
 * whitespace other than single inner spaces. Most names fail this one test and are returned as they are.
 */
const NEEDS_CLEANING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]|^\s|\s$|\s\s|[^\S ]/;

/** Code points that must never be written out (what cleanText removes, and the line breaks it replaces). */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

/**
 * Upstream text as it may be shown: escape sequences, controls, bidi controls and disguising
 * invisibles removed, line breaks and other whitespace runs made one space, the ends trimmed.
 * "" when nothing printable remains.
 */
export function cleanText(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text
    .replace(SEQUENCES, "")
    .replace(BREAKS, " ")
    .replace(REMOVED, "")
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when the text holds a code point that must never reach a terminal (cleanText would remove it). */
export function hasUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

const hex4 = (unit: number): string => `\\u${unit.toString(16).padStart(4, "0")}`;

/**
 * The text with each unsafe code point written as a `\uXXXX` escape, for a log line that must show
 * what arrived without sending it to the operator's terminal.
 */
export function escapeUnsafeText(text: string): string {
  if (!hasUnsafeText(text)) return text;
  return text.replace(UNSAFE_ALL, (unit) => hex4(unit.charCodeAt(0)));
}

// In JSON text the whitespace between tokens (tab, LF, CR) is allowed raw; every other unsafe code
// point can only be inside a string, where `\uXXXX` means the same character.
const UNSAFE_IN_JSON = new RegExp(`(?![\\t\\n\\r])(?:${UNSAFE.source})`, "g");

/**
 * JSON text with every unsafe code point inside its strings written as a `\uXXXX` escape: the same
 * value to a JSON reader, nothing a terminal acts on. JSON.stringify escapes C0 controls but writes
 * C1 controls and bidi overrides raw.
 */
export function escapeUnsafeJson(json: string): string {
  if (!hasUnsafeText(json)) return json;
  return json.replace(UNSAFE_IN_JSON, (unit) => hex4(unit.charCodeAt(0)));
}
