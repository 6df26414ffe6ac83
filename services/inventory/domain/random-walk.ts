// Simulated prices: a seeded, reproducible random walk. Same seed → same sequence of moves, so a
// demo or a test run can be replayed. Pure: the caller stores and publishes the results.
import { Big } from "../../common/money.ts";

/** mulberry32: a tiny, well-known 32-bit PRNG; plenty for demo prices, not for cryptography. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal from two uniforms (Box–Muller). */
function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export const MAX_PRICE = new Big("1000000");
export const MIN_PRICE = new Big("0.00000001");

/**
 * Round a price to what the platform stores: at most 8 decimal places and 10 significant digits
 * (so JSON numbers print it exactly), clamped to [MIN_PRICE, MAX_PRICE].
 */
export function normalisePrice(p: Big): Big {
  let v = p.prec(10, Big.roundHalfUp).round(8, Big.roundHalfUp);
  if (v.lt(MIN_PRICE)) v = MIN_PRICE;
  if (v.gt(MAX_PRICE)) v = MAX_PRICE;
  return v;
}

/**
 * One tick: price × (1 + σ·z), z standard normal, the move capped at ±3σ so one tick can never
 * wipe a price out. σ is the per-tick volatility (e.g. 0.002 = 0.2 %).
 */
export function nextPrice(price: Big, rand: () => number, volatility: number): Big {
  const z = Math.max(-3, Math.min(3, normal(rand)));
  // The factor is a float, but it is only a random multiplier; the price itself stays a decimal.
  const factor = new Big((1 + volatility * z).toFixed(10));
  return normalisePrice(price.times(factor));
}
