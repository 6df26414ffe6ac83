// The order worker's use cases: fill the pending limit orders a price crosses, and expire the ones
// past their time. Each settlement is its own conditional transaction, so a crash between two of
// them loses nothing (the next sweep continues) and nothing is ever settled twice.
import type { Asset } from "../../common/catalog.ts";
import { DomainError } from "../../common/domain-error.ts";
import type { Big } from "../../common/money.ts";
import type { OrderViewData, Side } from "../domain/order.ts";
import { crosses } from "../domain/pricing.ts";
import type { StoredOrder } from "../store/order-items.ts";

export interface MatchPorts {
  /** A strongly consistent read: fills happen at the price as it is now. */
  assets: { get(assetId: string): Promise<Asset | undefined> };
  limitOrders: {
    crossing(assetId: string, side: Side, price: Big): Promise<StoredOrder[]>;
    pending(): Promise<StoredOrder[]>;
    fill(o: StoredOrder, price: Big): Promise<OrderViewData | undefined>;
    close(o: StoredOrder, status: "expired"): Promise<OrderViewData>;
  };
  /** How many users' fills run at once (one user's always run one at a time). Default 1. */
  fillConcurrency?: number;
  onFill?: (view: OrderViewData, side: Side) => void;
  onExpire?: (view: OrderViewData) => void;
  /** A settlement that failed for a passing reason (contention): the next sweep retries it. */
  onSkip?: (err: unknown) => void;
}

const SIDES: readonly Side[] = ["buy", "sell"];

/** Best price first (highest buy limit, lowest sell limit), then oldest first. */
export function priority(side: Side) {
  return (a: StoredOrder, b: StoredOrder) => {
    const byPrice = side === "buy" ? b.limitPrice!.cmp(a.limitPrice!) : a.limitPrice!.cmp(b.limitPrice!);
    return byPrice || a.createdAt.localeCompare(b.createdAt);
  };
}

/** Run one settlement; a passing failure (contention, or settled meanwhile) is skipped, not thrown. */
async function settle<T>(ports: MatchPorts, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ports.onSkip?.(err);
    return undefined;
  }
}

/**
 * Fill the pending orders of `assetId` that its current price crosses: from `book` when the caller
 * already read the open book (the sweep), else the crossing range of the index (a price event).
 * Returns how many were filled per side.
 */
export async function matchAsset(
  ports: MatchPorts,
  assetId: string,
  book?: StoredOrder[],
): Promise<Record<Side, number>> {
  const filled: Record<Side, number> = { buy: 0, sell: 0 };
  const asset = await ports.assets.get(assetId);
  if (!asset || !asset.isActive || asset.price.lte(0)) return filled;
  const price = asset.price;
  for (const side of SIDES) {
    const candidates = book
      ? book.filter((o) => o.side === side)
      : await ports.limitOrders.crossing(assetId, side, price);
    const due = candidates.filter((o) => o.limitPrice && crosses(side, o.limitPrice, price)).sort(
      priority(side),
    );
    for (const o of due) {
      const view = await settle(ports, () => ports.limitOrders.fill(o, price));
      if (!view) continue; // settled meanwhile (cancelled, expired, or filled by another worker)
      filled[side]++;
      ports.onFill?.(view, side);
    }
  }
  return filled;
}

/** Is this pending order past its time? */
export const isDue = (o: StoredOrder, now: string) => o.expiresAt !== undefined && o.expiresAt <= now;

/**
 * One sweep over the whole open book (one index query): expire what is due, then match every asset
 * that has pending orders. Returns the orders still open per asset and side (for the gauge).
 */
export async function sweep(ports: MatchPorts, now = new Date().toISOString()) {
  const book = await ports.limitOrders.pending();
  const live: StoredOrder[] = [];
  for (const o of book) {
    if (!isDue(o, now)) {
      live.push(o);
      continue;
    }
    const view = await settle(ports, () => ports.limitOrders.close(o, "expired"));
    if (view) ports.onExpire?.(view);
  }
  const open = new Map<string, Record<Side, number>>();
  for (const [assetId, orders] of Map.groupBy(live, (o) => o.assetId)) {
    const filled = await matchAsset(ports, assetId, orders);
    const count = (side: Side) => orders.filter((o) => o.side === side).length - filled[side];
    open.set(assetId, { buy: count("buy"), sell: count("sell") });
  }
  return open;
}
