import assert from "node:assert/strict";
import fc from "fast-check";
import { Big, ddbNumber, dec, decimalPlaces, fromDdb, usd, usdGrouped } from "./money.ts";

Deno.test("money: decimal arithmetic is exact where floats are not", () => {
  assert.notEqual(0.1 + 0.2, 0.3);
  assert.equal(dec("0.1").plus(dec("0.2")).toFixed(2), "0.30");
  assert.equal(usd(dec("1000").minus("300")), "700.00");
  assert.equal(usd(dec("0.005")), "0.01"); // half-up
});

Deno.test("money: grouped USD is exact for any size", () => {
  assert.equal(usdGrouped(dec("10000")), "$10,000.00");
  assert.equal(usdGrouped(dec("999.5")), "$999.50");
  assert.equal(usdGrouped(dec("-1234567.891")), "-$1,234,567.89");
  assert.equal(usdGrouped(dec("123456789012345678901.23")), "$123,456,789,012,345,678,901.23");
});

Deno.test("money: DynamoDB round trip keeps every digit", () => {
  const v = new Big("12345678901234567890.12345678");
  assert.equal(ddbNumber(v).value, "12345678901234567890.12345678");
  assert.equal(fromDdb(ddbNumber(v)).eq(v), true);
  assert.equal(fromDdb(undefined).toFixed(), "0");
});

Deno.test("money: decimalPlaces counts scale, never in exponent form", () => {
  assert.equal(decimalPlaces(dec("100.10")), 1); // Big normalises trailing zeros
  assert.equal(decimalPlaces(dec(1e-7)), 7);
  assert.equal(decimalPlaces(dec("5")), 0);
});

Deno.test("money: summing cents as decimals equals the integer-cent sum (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }), { maxLength: 50 }),
      (cents) => {
        const total = cents.reduce((acc, c) => acc.plus(new Big(c).div(100)), new Big(0));
        const exact = cents.reduce((a, c) => a + BigInt(c), 0n);
        assert.equal(total.times(100).toFixed(0), exact.toString());
      },
    ),
  );
});
