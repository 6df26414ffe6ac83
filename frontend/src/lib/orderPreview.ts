// The order preview's maths, pure and exact (big.js), mirroring the order service's rules so the
// numbers the trader confirms are the numbers the API will charge:
//  - value = quantity × price; the $10,000 cap applies to the exact value;
//  - the total is rounded to the cent in the platform's favour (buy up, sell down);
//  - a buy needs available cash ≥ total, a sell needs free quantity ≥ quantity.
// For a limit order the price is the limit (what a buy holds / the least a sell receives).
import { Big, decimalPlaces, toBig } from "./money";

export type Side = "buy" | "sell";
export type OrderKind = "market" | "limit";

export interface PreviewInput {
  side: Side;
  kind: OrderKind;
  quantity: string;
  marketPrice: string | number | undefined;
  limitPrice?: string;
  availableCash: string | undefined;
  freeQuantity: string | undefined;
  maxOrderValue: string;
}

export interface FieldProblem {
  field: "quantity" | "price";
  message: string;
}

export interface Preview {
  price?: Big;
  value?: Big; // exact quantity × price
  total?: Big; // rounded to the cent, platform's favour
  cashAfter?: Big;
  quantityAfter?: Big;
  exceedsCap: boolean;
  insufficient: boolean;
  problems: FieldProblem[];
  ready: boolean; // every check passed: the order may be reviewed
}

export function orderTotal(side: Side, value: Big): Big {
  return value.round(2, side === "buy" ? Big.roundUp : Big.roundDown);
}

export function previewOrder(input: PreviewInput): Preview {
  const problems: FieldProblem[] = [];
  const quantity = toBig(input.quantity);
  if (input.quantity.trim() === "") {
    problems.push({ field: "quantity", message: "Enter a quantity" });
  } else if (!quantity || quantity.lte(0)) {
    problems.push({ field: "quantity", message: "Quantity must be a number greater than 0" });
  } else if (quantity.lt("0.001")) {
    problems.push({ field: "quantity", message: "Quantity must be at least 0.001" });
  } else if (decimalPlaces(input.quantity) > 8) {
    problems.push({ field: "quantity", message: "Quantity must have at most 8 decimal places" });
  }

  let price: Big | undefined;
  if (input.kind === "limit") {
    const text = input.limitPrice ?? "";
    price = toBig(text);
    if (text.trim() === "") problems.push({ field: "price", message: "Enter a limit price" });
    else if (!price || price.lte(0)) problems.push({ field: "price", message: "Price must be greater than 0" });
    else if (price.gt("1000000")) problems.push({ field: "price", message: "Price must not exceed 1000000" });
    else if (decimalPlaces(text) > 8) {
      problems.push({ field: "price", message: "Price must have at most 8 decimal places" });
    }
  } else {
    price = toBig(input.marketPrice ?? null);
  }

  const out: Preview = { price, exceedsCap: false, insufficient: false, problems, ready: false };
  if (!quantity || !price || problems.length) return out;

  out.value = quantity.times(price);
  out.total = orderTotal(input.side, out.value);
  out.exceedsCap = out.value.gt(input.maxOrderValue);
  if (out.exceedsCap) {
    problems.push({ field: "quantity", message: `Order value exceeds the maximum of $${input.maxOrderValue}` });
  }
  const cash = toBig(input.availableCash ?? null);
  const held = toBig(input.freeQuantity ?? null) ?? new Big(0);
  if (input.side === "buy") {
    if (cash) {
      out.cashAfter = cash.minus(out.total);
      out.insufficient = out.cashAfter.lt(0);
    }
    out.quantityAfter = held.plus(quantity);
    if (out.insufficient) problems.push({ field: "quantity", message: "Not enough available cash for this order" });
  } else {
    out.quantityAfter = held.minus(quantity);
    out.insufficient = out.quantityAfter.lt(0);
    if (cash) out.cashAfter = cash.plus(out.total);
    if (out.insufficient) problems.push({ field: "quantity", message: "You don't own enough of this asset" });
  }
  if (out.value.lt("0.01") && !out.exceedsCap) {
    problems.push({ field: "quantity", message: "Order value must be at least $0.01" });
  }
  out.ready = problems.length === 0 && cash !== undefined;
  return out;
}
