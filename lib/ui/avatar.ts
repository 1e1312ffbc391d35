// Generated coin avatars: initials on a colour picked by a hash of the symbol. No remote images.

/** Backgrounds that each give white text a contrast of at least 4.5:1 (tested). */
export const AVATAR_COLORS = [
  "#b91c1c",
  "#c2410c",
  "#a16207",
  "#4d7c0f",
  "#15803d",
  "#047857",
  "#0f766e",
  "#0e7490",
  "#0369a1",
  "#1d4ed8",
  "#4338ca",
  "#6d28d9",
  "#7e22ce",
  "#a21caf",
  "#be185d",
  "#be123c",
] as const;

/** 32-bit FNV-1a: small, stable and spreads short strings well. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface Avatar {
  initials: string;
  background: string;
}

/** The first two letters or digits of the symbol (or the name when the symbol has none). */
export function avatarFor(symbol: string, name: string): Avatar {
  const letters = (symbol.match(/[\p{L}\p{N}]/gu) ?? name.match(/[\p{L}\p{N}]/gu) ?? ["?"]).slice(0, 2);
  const key = symbol.toUpperCase() || name;
  const background = AVATAR_COLORS[hashString(key) % AVATAR_COLORS.length] ?? AVATAR_COLORS[0];
  return { initials: letters.join("").toUpperCase(), background };
}

/** WCAG relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
