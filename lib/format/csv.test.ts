import { describe, expect, it } from "vitest";
import { csvField } from "./csv";
import { toPlainDecimal } from "./decimal";

describe("toPlainDecimal", () => {
  it.each([
    [0.00000012, "0.00000012"],
    [97123.456789, "97123.456789"],
    [1e-7, "0.0000001"],
    [1.5e-10, "0.00000000015"],
    [123456789012345680000, "123456789012345680000"],
    [1e21, "1000000000000000000000"],
    [1.2345e22, "12345000000000000000000"],
    [-2.5e-8, "-0.000000025"],
    [0, "0"],
    [-0, "0"],
    [1, "1"],
    [0.1 + 0.2, "0.30000000000000004"],
  ])("%s prints as %s", (value, expected) => {
    expect(toPlainDecimal(value)).toBe(expected);
  });

  it("round-trips through Number for every printed value", () => {
    for (const value of [0.00000012, 3.3e-9, 97123.456789, 1 / 3, 8.765e-15, 4.2e25]) {
      expect(Number(toPlainDecimal(value))).toBe(value);
    }
  });

  it("rejects NaN and infinities", () => {
    expect(() => toPlainDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => toPlainDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("csvField", () => {
  it("leaves plain symbols alone", () => {
    expect(csvField("BTC")).toBe("BTC");
    expect(csvField("比特币")).toBe("比特币");
  });
  it("quotes commas and quotes", () => {
    expect(csvField("A,B")).toBe('"A,B"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
  it("writes a line break or a tab as a space: a field stays on its line", () => {
    expect(csvField("two\nlines")).toBe("two lines");
    expect(csvField("two\r\nlines")).toBe("two lines");
    expect(csvField("tab\there")).toBe("tab here");
  });
  it.each(["=1+1", "+SUM(A1)", "-2", "@cmd"])("defuses the formula %j", (value) => {
    expect(csvField(value)).toBe(`"'${value}"`);
  });
  it("defuses a formula that hid behind a tab or a carriage return", () => {
    expect(csvField("\t=1+1")).toBe(`"'=1+1"`);
    expect(csvField("\r@cmd")).toBe(`"'@cmd"`);
  });
  it.each([
    ["\u001b]0;evil\u0007BTC", "BTC"],
    ["\u001b]52;c;ZXZpbA==\u001b\\ETH", "ETH"],
    ["\u001b[2J\u001b[31mRED\u001b[0m", "RED"],
    ["\u009b31mC1", "C1"],
    ["BEL\u0007NUL\u0000", "BELNUL"],
    ["\u202eLTR", "LTR"],
  ])(
    "removes the escape sequences and controls of %j, which a store from an older version may hold",
    (value, expected) => {
      expect(csvField(value)).toBe(expected);
    },
  );
});
