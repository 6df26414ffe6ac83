// Catalog use cases: read one asset or its price history, and the admin changes (price, activation)
// that are stored first and then announced to the rest of the platform.
import { rejected } from "../../common/domain-error.ts";
import type { Big } from "../../common/money.ts";
import type { PriceSource } from "../domain/asset.ts";
import type { HistoryPage, PriceChange } from "../store/assets.ts";

type Item = Record<string, unknown>;

export interface CatalogPorts {
  assets: {
    find(assetId: string): Promise<Item | undefined>;
    history(assetId: string, opts: { limit: number; cursor?: string }): Promise<HistoryPage>;
    setPrice(assetId: string, price: Big, source: PriceSource): Promise<PriceChange>;
    setActive(assetId: string, active: boolean): Promise<Item>;
  };
  announce: {
    price(change: PriceChange): Promise<void>;
    activation(change: { asset_id: string; is_active: boolean; at: string }): Promise<void>;
  };
}

export async function findAsset(ports: CatalogPorts, assetId: string): Promise<Item> {
  const item = await ports.assets.find(assetId);
  if (!item) throw rejected("ASSET_NOT_FOUND", `Asset '${assetId}' not found`);
  return item;
}

export async function priceHistory(
  ports: CatalogPorts,
  assetId: string,
  opts: { limit: number; cursor?: string },
) {
  await findAsset(ports, assetId);
  return ports.assets.history(assetId, opts);
}

/** Set a price (asset + history point in one write), announce it, return the asset as it is now. */
export async function setAssetPrice(ports: CatalogPorts, assetId: string, price: Big) {
  const change = await ports.assets.setPrice(assetId, price, "admin");
  await ports.announce.price(change);
  return { change, asset: await findAsset(ports, assetId) };
}

export async function setAssetActive(ports: CatalogPorts, assetId: string, active: boolean) {
  const item = await ports.assets.setActive(assetId, active);
  await ports.announce.activation({ asset_id: assetId, is_active: active, at: String(item.updated_at) });
  return item;
}
