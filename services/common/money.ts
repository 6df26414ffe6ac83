// Exact decimal money and quantities (big.js). No JS float ever holds a balance.
// DynamoDB stores them as Number (exact up to 38 digits) and the client reads them back as strings.
import Big from "big.js";
import { NumberValue } from "@aws-sdk/lib-dynamodb";

// Plain notation for every value we will ever print (no "1e-7").
Big.NE = -40;
Big.PE = 40;

export type Decimal = Big;
export { Big };

export const ZERO = new Big(0);

/** Parse a decimal from a string, a JSON number (via its shortest round-trip text) or a DynamoDB number. */
export function dec(v: string | number | Big | NumberValue | { value: string }): Big {
  if (v instanceof Big) return v;
  if (typeof v === "object" && v !== null && "value" in v) return new Big(v.value);
  return new Big(typeof v === "number" ? String(v) : v);
}

/** Decimal places of a canonical decimal string ("100.10" → 2, "1e-3" handled via Big). */
export function decimalPlaces(v: Big): number {
  const s = v.toFixed();
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

/** USD as the API shows it: two decimals, rounded half-up. */
export const usd = (v: Big): string => v.toFixed(2, Big.roundHalfUp);

/** USD for messages: "$10,000.00" — thousands grouped on the exact string, no float on the way. */
export function usdGrouped(v: Big): string {
  const [whole, cents] = usd(v).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  return `${sign}$${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}

/** A decimal as a DynamoDB Number, exactly. */
export const ddbNumber = (v: Big): NumberValue => NumberValue.from(v.toFixed());

/** Read a DynamoDB Number (wrapped by the client) or missing attribute as a decimal. */
export function fromDdb(v: unknown, fallback: Big = ZERO): Big {
  if (v === undefined || v === null) return fallback;
  if (v instanceof Big) return v;
  if (typeof v === "object" && "value" in (v as object)) return new Big((v as { value: string }).value);
  return new Big(String(v));
}
