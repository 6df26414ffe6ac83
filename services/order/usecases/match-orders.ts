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
    open(assetId: string, side: Side): Promise<StoredOrder[]>;
    due(now: string): Promise<StoredOrder[]>;
    fill(o: StoredOrder, price: Big): Promise<OrderViewData | undefined>;
    close(o: StoredOrder, status: "expired"): Promise<OrderViewData>;
  };
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

export interface MatchResult {
  filled: number;
  /** Pending orders left per side (only when the whole book was read). */
  open?: Record<Side, number>;
}

/**
 * Fill every pending order of `assetId` that the current price crosses. With `wholeBook` the sweep
 * reads every pending order (and reports how many stay open); otherwise only the crossing range.
 */
export async function matchAsset(
  ports: MatchPorts,
  assetId: string,
  wholeBook = false,
): Promise<MatchResult> {
  const asset = await ports.assets.get(assetId);
  if (!asset || !asset.isActive || asset.price.lte(0)) return { filled: 0 };
  const price = asset.price;
  let filled = 0;
  const open: Record<Side, number> = { buy: 0, sell: 0 };
  for (const side of SIDES) {
    const book = wholeBook
      ? await ports.limitOrders.open(assetId, side)
      : await ports.limitOrders.crossing(assetId, side, price);
    const due = book.filter((o) => o.limitPrice && crosses(side, o.limitPrice, price)).sort(priority(side));
    open[side] = book.length;
    for (const o of due) {
      try {
        const view = await ports.limitOrders.fill(o, price);
        if (!view) continue; // settled meanwhile (cancelled, expired, or filled by another worker)
        filled++;
        open[side]--;
        ports.onFill?.(view, side);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        ports.onSkip?.(err);
      }
    }
  }
  return wholeBook ? { filled, open } : { filled };
}

/** Expire every pending order whose time has passed, releasing its hold. */
export async function expireDue(ports: MatchPorts, now = new Date().toISOString()): Promise<number> {
  let expired = 0;
  for (const o of await ports.limitOrders.due(now)) {
    try {
      ports.onExpire?.(await ports.limitOrders.close(o, "expired"));
      expired++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      ports.onSkip?.(err); // filled or cancelled meanwhile, or contention: nothing to expire now
    }
  }
  return expired;
}
