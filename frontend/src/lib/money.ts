// Exact decimal money: every balance, price and quantity stays a string or a Big; JS numbers are
// only ever used for display-only ratios (percentages, chart coordinates).
import Big from "big.js";

export { Big };

/** Parse an API decimal (string or JSON number) or user input; undefined when not a plain decimal. */
export function toBig(v: string | number | null | undefined): Big | undefined {
  if (v === null || v === undefined) return undefined;
  const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return undefined;
  try {
    return new Big(text);
  } catch {
    return undefined;
  }
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "$1,234.56" (two decimals, rounded half-up like the API; sign first: "-$5.00"). */
export function formatUsd(v: string | number | Big | null | undefined, dp = 2): string {
  const b = v instanceof Big ? v : toBig(v as string | number | null | undefined);
  if (!b) return "—";
  const fixed = b.abs().toFixed(dp);
  const [i, f] = fixed.split(".");
  const sign = b.lt(0) && !new Big(fixed).eq(0) ? "-" : "";
  return `${sign}$${group(i)}${f ? `.${f}` : ""}`;
}

/** Asset prices keep up to 8 decimals but at least 2: $0.52, $50,000.00, $0.00001234. */
export function formatPrice(v: string | number | Big | null | undefined): string {
  const b = v instanceof Big ? v : toBig(v as string | number | null | undefined);
  if (!b) return "—";
  const plain = b.abs().toFixed();
  const decimals = plain.includes(".") ? plain.split(".")[1].length : 0;
  return formatUsd(b, Math.min(8, Math.max(2, decimals)));
}

/** A quantity as given, grouped: "1,234.5678". */
export function formatQuantity(v: string | number | Big | null | undefined): string {
  const b = v instanceof Big ? v : toBig(v as string | number | null | undefined);
  if (!b) return "—";
  const [i, f] = b.abs().toFixed().split(".");
  return `${b.lt(0) ? "-" : ""}${group(i)}${f ? `.${f}` : ""}`;
}

/** Compact large USD figures for tables: $1.23T, $456.7B, $12.3M (display only). */
export function formatCompactUsd(v: number | string | null | undefined): string {
  const b = toBig(v ?? null);
  if (!b) return "—";
  const units: [string, string][] = [["1e12", "T"], ["1e9", "B"], ["1e6", "M"], ["1e3", "K"]];
  for (const [size, suffix] of units) {
    if (b.abs().gte(size)) return `$${b.div(size).toFixed(2)}${suffix}`;
  }
  return formatUsd(b);
}

export function formatPercent(v: number | string | null | undefined, dp = 2): string {
  const b = toBig(v ?? null);
  if (!b) return "—";
  return `${b.gt(0) ? "+" : ""}${b.toFixed(dp)}%`;
}

/** Count decimal places of a user-typed decimal ("1.50" → 2). */
export function decimalPlaces(text: string): number {
  const t = text.trim();
  const dot = t.indexOf(".");
  return dot < 0 ? 0 : t.length - dot - 1;
}
