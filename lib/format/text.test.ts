// The cleaning of upstream text: whole escape sequences, controls and bidi controls go, printable
// text of any script stays exactly as it was.
import { describe, expect, it } from "vitest";
import { cleanText, escapeUnsafeJson, escapeUnsafeText, hasUnsafeText } from "./text";

const ESC = "\u001b";
const BEL = "\u0007";
const ST = `${ESC}\\`;

describe("cleanText", () => {
  it.each([
    ["a lone ESC", `Coin${ESC}`, "Coin"],
    ["an ESC and the letter after it, which make a two-byte sequence", `${ESC}DCoin`, "Coin"],
    ["an OSC title ended by BEL", `${ESC}]0;evil${BEL}Coin`, "Coin"],
    ["an OSC title ended by ST", `${ESC}]0;evil${ST}Coin`, "Coin"],
    ["an OSC 52 clipboard write", `Coin${ESC}]52;c;cm0gLXJmIH4=${BEL}`, "Coin"],
    ["an OSC hyperlink", `${ESC}]8;;https://evil.example${ST}Coin${ESC}]8;;${ST}`, "Coin"],
    ["an unterminated OSC, swallowed to the end as a terminal would", `Coin${ESC}]0;evil`, "Coin"],
    ["CSI erase display", `${ESC}[2JCoin`, "Coin"],
    ["CSI colours", `${ESC}[31mRed${ESC}[0m Coin`, "Red Coin"],
    ["CSI with private parameters", `${ESC}[?1049hCoin${ESC}[?25l`, "Coin"],
    ["a DCS string", `${ESC}P1$r0m${ST}Coin`, "Coin"],
    ["an APC string", `${ESC}_hidden${ST}Coin`, "Coin"],
    ["a PM string", `${ESC}^hidden${ST}Coin`, "Coin"],
    ["an SOS string", `${ESC}Xhidden${ST}Coin`, "Coin"],
    ["two-byte escapes (reset, charset)", `${ESC}c${ESC}(BCoin${ESC}7`, "Coin"],
    ["BEL", `Co${BEL}in`, "Coin"],
    ["NUL", `Co\u0000in`, "Coin"],
    ["DEL and backspace", `Coin\u007f\u0008`, "Coin"],
    ["an 8-bit CSI", "\u009b2JCoin", "Coin"],
    ["an 8-bit OSC ended by the 8-bit ST", "\u009d0;evil\u009cCoin", "Coin"],
    ["other C1 controls", "\u0084Co\u0090x\u009cin", "Coin"],
    ["a right-to-left override", "\u202eCoin", "Coin"],
    ["every bidi control", "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061cCoin", "Coin"],
    ["a zero-width space, a word joiner and a BOM", "Co\u200bi\u2060n\ufeff", "Coin"],
  ])("removes %s", (_what, text, expected) => {
    expect(cleanText(text)).toBe(expected);
  });

  it("leaves no residue of an OSC: the whole sequence goes, not only the ESC", () => {
    expect(cleanText(`${ESC}]0;evil${BEL}`)).toBe("");
    expect(cleanText(`A${ESC}]0;evil${BEL}B`)).toBe("AB");
  });

  it("makes line breaks and tabs one space, collapses whitespace runs and trims", () => {
    expect(cleanText(" Bitcoin\t\tCash \n")).toBe("Bitcoin Cash");
    expect(cleanText("Line\r\nbreak\u2028and\u2029para\u0085graph")).toBe("Line break and para graph");
    expect(cleanText("Wrapped  Bitcoin")).toBe("Wrapped Bitcoin");
    expect(cleanText(`Red ${ESC}[31m Coin`)).toBe("Red Coin");
  });

  it("answers empty when nothing printable remains", () => {
    expect(cleanText(`${ESC}[2J${ESC}]0;x${BEL}\u0000\u202e \t`)).toBe("");
    expect(cleanText("")).toBe("");
  });

  it.each([
    "Ethereum",
    "比特币",
    "Ñandú",
    "🚀 Moon",
    "👨‍👩‍👧 Family", // zero-width joiners hold the emoji together
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland", // tag characters make the flag
    "می‌خواهم", // a zero-width non-joiner is spelling in Persian
    "עברית",
    "Ðogecoin",
    "<img src=x onerror=alert(1)>",
    "HOT*",
  ])("leaves %j exactly as it is", (text) => {
    expect(cleanText(text)).toBe(text);
  });

  it("writes a lone surrogate, which UTF-8 cannot carry, as U+FFFD", () => {
    expect(cleanText("Coin\ud800")).toBe("Coin\ufffd");
    expect(cleanText("\udc00Coin")).toBe("\ufffdCoin");
  });
});

describe("hasUnsafeText", () => {
  it("finds controls, C1, bidi controls and disguising invisibles, not printable text", () => {
    expect([`${ESC}[2J`, BEL, "\u0000", "\u009b", "\u202e", "\u200b", "\n"].map(hasUnsafeText)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["Ethereum", "比特币", "👨‍👩‍👧", "a b"].map(hasUnsafeText)).toEqual([false, false, false, false]);
  });
});

describe("escapeUnsafeText", () => {
  it("writes each unsafe code point as a \\u escape and keeps the rest", () => {
    expect(escapeUnsafeText(`${ESC}]0;evil${BEL}Bit\u202ecoin比`)).toBe("\\u001b]0;evil\\u0007Bit\\u202ecoin比");
    expect(escapeUnsafeText("\u009b2J")).toBe("\\u009b2J");
    expect(escapeUnsafeText("Ethereum")).toBe("Ethereum");
  });
});

describe("escapeUnsafeJson", () => {
  it("escapes the C1 controls and bidi controls JSON.stringify writes raw, to the same value", () => {
    const json = JSON.stringify({ name: `\u009b2J\u202eCoin${ESC}`, symbol: "比特币" });
    const escaped = escapeUnsafeJson(json);
    expect(escaped).toBe('{"name":"\\u009b2J\\u202eCoin\\u001b","symbol":"比特币"}');
    expect(JSON.parse(escaped)).toEqual(JSON.parse(json));
  });

  it("keeps the whitespace allowed between JSON tokens", () => {
    const json = JSON.stringify({ a: "\u202e" }, null, "\t");
    expect(escapeUnsafeJson(json)).toBe('{\n\t"a": "\\u202e"\n}');
  });
});
