import { describe, expect, it } from "vitest";
import { formatCompactUsd, formatPercent, formatPrice, formatQuantity, formatUsd, toBig } from "./money";

describe("money formatting", () => {
  it("formats USD with grouping and exactly two decimals", () => {
    expect(formatUsd("1234567.891")).toBe("$1,234,567.89");
    expect(formatUsd("0.005")).toBe("$0.01");
    expect(formatUsd("-5")).toBe("-$5.00");
    expect(formatUsd("-0.001")).toBe("$0.00");
    expect(formatUsd(undefined)).toBe("—");
    expect(formatUsd("not a number")).toBe("—");
  });
  it("keeps an asset price's own precision (2 to 8 decimals)", () => {
    expect(formatPrice(50000)).toBe("$50,000.00");
    expect(formatPrice("0.00001234")).toBe("$0.00001234");
    expect(formatPrice(0.5)).toBe("$0.50");
  });
  it("quantities, compact figures and percentages", () => {
    expect(formatQuantity("1234.5678")).toBe("1,234.5678");
    expect(formatCompactUsd(1.5e12)).toBe("$1.50T");
    expect(formatCompactUsd(987654321)).toBe("$987.65M");
    expect(formatPercent(2.5)).toBe("+2.50%");
    expect(formatPercent(-1)).toBe("-1.00%");
  });
  it("parses only plain decimals", () => {
    expect(toBig("12.50")?.toFixed(2)).toBe("12.50");
    expect(toBig("1e3")?.toFixed()).toBe("1000");
    expect(toBig("12abc")).toBeUndefined();
    expect(toBig(Number.NaN)).toBeUndefined();
  });
});
