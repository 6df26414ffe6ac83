import { describe, expect, it } from "vitest";
import { orderTotal, previewOrder, type PreviewInput } from "./orderPreview";
import { Big } from "./money";

const base: PreviewInput = {
  side: "buy",
  kind: "market",
  quantity: "0.1",
  marketPrice: 50000,
  availableCash: "6000.00",
  freeQuantity: "0",
  maxOrderValue: "10000",
};

describe("order preview maths", () => {
  it("market buy: total, cash after and quantity after, exactly", () => {
    const p = previewOrder(base);
    expect(p.total?.toFixed(2)).toBe("5000.00");
    expect(p.cashAfter?.toFixed(2)).toBe("1000.00");
    expect(p.quantityAfter?.toFixed()).toBe("0.1");
    expect(p.ready).toBe(true);
    expect(p.exceedsCap).toBe(false);
  });

  it("rounds a buy up and a sell down to the cent, like the order service", () => {
    // 0.333 × 0.52 = 0.17316
    expect(orderTotal("buy", new Big("0.17316")).toFixed(2)).toBe("0.18");
    expect(orderTotal("sell", new Big("0.17316")).toFixed(2)).toBe("0.17");
    const buy = previewOrder({ ...base, quantity: "0.333", marketPrice: 0.52 });
    expect(buy.total?.toFixed(2)).toBe("0.18");
    const sell = previewOrder({ ...base, side: "sell", quantity: "0.333", marketPrice: 0.52, freeQuantity: "1" });
    expect(sell.total?.toFixed(2)).toBe("0.17");
    expect(sell.quantityAfter?.toFixed()).toBe("0.667");
    expect(sell.cashAfter?.toFixed(2)).toBe("6000.17");
  });

  it("no float drift: 0.1 + 0.2 style sums stay exact", () => {
    const p = previewOrder({ ...base, quantity: "0.3", marketPrice: 0.1, availableCash: "0.30" });
    expect(p.total?.toFixed(2)).toBe("0.03");
    expect(p.cashAfter?.toFixed(2)).toBe("0.27");
  });

  it("the $10,000 cap: exactly at the cap is allowed, a cent over is flagged", () => {
    const at = previewOrder({ ...base, quantity: "0.2", availableCash: "20000" });
    expect(at.value?.toFixed()).toBe("10000");
    expect(at.exceedsCap).toBe(false);
    const over = previewOrder({ ...base, quantity: "0.2000002", availableCash: "20000" });
    expect(over.exceedsCap).toBe(true);
    expect(over.ready).toBe(false);
    expect(over.problems.map((x) => x.message).join()).toMatch(/exceeds the maximum/);
  });

  it("not enough cash for a buy, not enough holdings for a sell", () => {
    const buy = previewOrder({ ...base, availableCash: "4999.99" });
    expect(buy.insufficient).toBe(true);
    expect(buy.cashAfter?.toFixed(2)).toBe("-0.01");
    expect(buy.ready).toBe(false);
    const sell = previewOrder({ ...base, side: "sell", quantity: "0.15", freeQuantity: "0.1" });
    expect(sell.insufficient).toBe(true);
    expect(sell.problems[0].message).toMatch(/don't own enough/);
  });

  it("limit orders are judged at the limit price", () => {
    const p = previewOrder({ ...base, kind: "limit", limitPrice: "45000" });
    expect(p.price?.toFixed()).toBe("45000");
    expect(p.total?.toFixed(2)).toBe("4500.00");
    const missing = previewOrder({ ...base, kind: "limit", limitPrice: "" });
    expect(missing.problems).toContainEqual({ field: "price", message: "Enter a limit price" });
    const tooPrecise = previewOrder({ ...base, kind: "limit", limitPrice: "1.123456789" });
    expect(tooPrecise.problems[0].field).toBe("price");
  });

  it("rejects bad quantities before asking the API", () => {
    expect(previewOrder({ ...base, quantity: "" }).problems[0].message).toBe("Enter a quantity");
    expect(previewOrder({ ...base, quantity: "abc" }).problems[0].message).toMatch(/number greater than 0/);
    expect(previewOrder({ ...base, quantity: "0.0001" }).problems[0].message).toMatch(/at least 0.001/);
    expect(previewOrder({ ...base, quantity: "0.123456789" }).problems[0].message).toMatch(/8 decimal places/);
  });
});
