// Plain decimal notation for numbers: spreadsheets and scripts must never see `1.2e-7`.

/**
 * Formats a finite number in plain decimal with the shortest digits that round-trip
 * (the same digits as `String(n)`, without an exponent): 1.2e-7 → "0.00000012".
 */
export function toPlainDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  if (Object.is(value, -0)) return "0";
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = "", lead = "", fraction = "", exponentText = "0"] = match;
  const digits = lead + fraction;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerDigits = exponent + 1;
  if (digits.length <= integerDigits) return sign + digits + "0".repeat(integerDigits - digits.length);
  return `${sign}${digits.slice(0, integerDigits)}.${digits.slice(integerDigits)}`;
}
