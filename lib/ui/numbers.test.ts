import { describe, expect, it } from "vitest";
import {
  compactUsd,
  describePriceCheck,
  describeRankChange,
  directionOf,
  formatAge,
  formatInteger,
  formatPct,
  formatPrice,
} from "./numbers";

describe("formatPrice", () => {
  it("shows dollars and cents from $1 up, with grouping", () => {
    expect(formatPrice(97123.456789)).toBe("$97,123.46");
    expect(formatPrice(1)).toBe("$1.00");
    expect(formatPrice(1.005)).toBe("$1.01");
  });
  it("shows four significant digits below $1, in plain decimal", () => {
    expect(formatPrice(0.5432109)).toBe("$0.5432");
    expect(formatPrice(0.01234567)).toBe("$0.01235");
    expect(formatPrice(0.00000012)).toBe("$0.00000012");
    expect(formatPrice(0.000001234567)).toBe("$0.000001235");
  });
  it("never prints exponent notation or NaN", () => {
    expect(formatPrice(1.2e-7)).not.toMatch(/e/i);
    expect(formatPrice(Number.NaN)).toBe("—");
  });
});

describe("compactUsd", () => {
  it("shows market caps and volumes compactly, to three significant digits", () => {
    expect(compactUsd(1.93e12)).toBe("$1.93T");
    expect(compactUsd(4.1e10)).toBe("$41B");
    expect(compactUsd(41_234_567_890)).toBe("$41.2B");
    expect(compactUsd(512_345_678)).toBe("$512M");
    expect(compactUsd(9_876)).toBe("$9.88K");
    expect(compactUsd(12)).toBe("$12");
  });
});

describe("formatPct", () => {
  it("signs every non-zero change and keeps two decimals", () => {
    expect(formatPct(0.12)).toBe("+0.12%");
    expect(formatPct(-1.5)).toBe("-1.50%");
    expect(formatPct(0)).toBe("0.00%");
    expect(formatPct(12.345)).toBe("+12.35%");
  });
  it("gives the direction of what is shown, so -0.001 is flat, not down", () => {
    expect(directionOf(-0.001)).toBe("flat");
    expect(directionOf(0.005)).toBe("up");
    expect(directionOf(-0.2)).toBe("down");
  });
});

describe("formatAge", () => {
  it("counts seconds, then minutes, hours and days", () => {
    expect(formatAge(0)).toBe("0 s ago");
    expect(formatAge(12.9)).toBe("12 s ago");
    expect(formatAge(59)).toBe("59 s ago");
    expect(formatAge(60)).toBe("1 min ago");
    expect(formatAge(3599)).toBe("59 min ago");
    expect(formatAge(7200)).toBe("2 h ago");
    expect(formatAge(200_000)).toBe("2 d ago");
    expect(formatAge(-5)).toBe("0 s ago");
  });
});

describe("describeRankChange", () => {
  it("says how many places a coin moved, and which way", () => {
    expect(describeRankChange(3)).toEqual({
      direction: "up",
      text: "▲3",
      label: "up 3 places since the previous ranking",
    });
    expect(describeRankChange(-1)).toEqual({
      direction: "down",
      text: "▼1",
      label: "down 1 place since the previous ranking",
    });
    expect(describeRankChange(0)).toEqual({
      direction: "flat",
      text: "",
      label: "unchanged since the previous ranking",
    });
    expect(describeRankChange(null)).toEqual({ direction: "new", text: "new", label: "new in the ranking" });
  });
});

describe("the hand-written formatters match Intl's en-US output", () => {
  const usd2 = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const usd4 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumSignificantDigits: 4 });
  const compact = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    notation: "compact",
    maximumSignificantDigits: 3,
  });
  const compact5 = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    notation: "compact",
    maximumSignificantDigits: 5,
  });
  const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: "exceptZero",
  });

  // A deterministic sweep: every magnitude from 1e-12 to 1e16, with mantissas that hit the rounding
  // edges (…5, …95, …995, …9995) as well as plain pseudo-random ones.
  const values: number[] = [0, 1, 0.5, 0.995, 0.99995, 999.995, 999_500, 999_499, 1.005, 2.675, 1e21, 123456789.125];
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let exp = -12; exp <= 16; exp++) {
    for (const mantissa of [1, 1.5, 9.5, 9.95, 9.995, 9.9995, 9.99995, 1.0049, 1.005, 4.445, 5.555]) {
      values.push(mantissa * 10 ** exp);
    }
    for (let i = 0; i < 40; i++) values.push(Number((random() * 10 ** exp).toPrecision(1 + Math.floor(random() * 12))));
  }

  it("formatPrice", () => {
    for (const value of values) {
      for (const signed of value === 0 ? [0] : [value, -value]) {
        const expected = Math.abs(signed) >= 1 || signed === 0 ? usd2.format(signed) : usd4.format(signed);
        expect(formatPrice(signed), String(signed)).toBe(expected);
      }
    }
  });
  it("compactUsd", () => {
    for (const value of values.filter((v) => v < 1e15)) {
      for (const signed of value === 0 ? [0] : [value, -value])
        expect(compactUsd(signed), String(signed)).toBe(compact.format(signed));
    }
  });
  it("compactUsd with five significant digits", () => {
    for (const value of values.filter((v) => v < 1e15)) {
      for (const signed of value === 0 ? [0] : [value, -value]) {
        expect(compactUsd(signed, 5), String(signed)).toBe(compact5.format(signed));
      }
    }
  });
  it("formatInteger", () => {
    for (const value of values) {
      // Intl writes "-0" for a small negative; a whole number has no sign there.
      for (const signed of value === 0 ? [0] : [value, -value]) {
        const expected = whole.format(signed);
        expect(formatInteger(signed), String(signed)).toBe(expected === "-0" ? "0" : expected);
      }
    }
    expect(formatInteger(Number.NaN)).toBe("—");
  });
  it("formatPct", () => {
    for (const value of values.filter((v) => v < 1e15)) {
      for (const signed of value === 0 ? [0] : [value, -value])
        expect(formatPct(signed), String(signed)).toBe(`${pct.format(signed)}%`);
    }
  });
});

describe("describePriceCheck", () => {
  it("names the other price and how far apart the two are", () => {
    expect(describePriceCheck({ referenceUsd: 0.171, divergencePct: 99.47 })).toBe(
      "The ranking provider's own price is $0.171, 99.47% away from this one",
    );
  });
});
