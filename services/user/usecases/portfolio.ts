// Portfolio reads: every holding at current prices with allocation, or one holding.
import type { Asset } from "../../common/catalog.ts";
import { rejected } from "../../common/domain-error.ts";
import { usd, ZERO } from "../../common/money.ts";
import { portfolioView } from "../domain/portfolio.ts";
import type { BalanceView } from "../store/balance.ts";
import type { Holding } from "../store/holdings.ts";

export interface PortfolioPorts {
  holdings: {
    list(username: string): Promise<Holding[]>;
    get(username: string, assetId: string): Promise<Holding | undefined>;
  };
  balances: { get(username: string): Promise<BalanceView> };
  assets: {
    get(assetId: string): Promise<Asset | undefined>;
    getMany(ids: string[]): Promise<Map<string, Asset>>;
  };
}

export async function portfolio(ports: PortfolioPorts, username: string) {
  const [holdings, balance] = await Promise.all([
    ports.holdings.list(username),
    ports.balances.get(username),
  ]);
  const assets = await ports.assets.getMany(holdings.map((h) => h.assetId));
  return portfolioView(
    holdings.map((h) => ({
      assetId: h.assetId,
      assetName: assets.get(h.assetId)?.name ?? h.assetId,
      quantity: h.quantity,
      held: h.held,
      price: assets.get(h.assetId)?.price ?? ZERO,
    })),
    balance.available.plus(balance.held),
  );
}

/** One holding (free + held) at the current price; none, or sold out → HOLDING_NOT_FOUND. */
export async function holding(ports: PortfolioPorts, username: string, assetId: string) {
  const [h, asset] = await Promise.all([ports.holdings.get(username, assetId), ports.assets.get(assetId)]);
  const owned = h ? h.quantity.plus(h.held) : ZERO;
  if (!h || owned.lte(0)) throw rejected("HOLDING_NOT_FOUND", `You hold no ${assetId}`);
  const price = asset?.price ?? ZERO;
  return {
    asset_id: assetId,
    asset_name: asset?.name ?? assetId,
    quantity: owned.toFixed(),
    available_quantity: h.quantity.toFixed(),
    held_quantity: h.held.toFixed(),
    current_price: price.toFixed(),
    total_value: usd(owned.times(price)),
    created_at: h.createdAt,
    updated_at: h.updatedAt,
  };
}
