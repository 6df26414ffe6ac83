// The inventory service's use-case ports, wired to DynamoDB and Redis.
import type { InventoryDeps } from "./deps.ts";
import { publishAssetChange } from "./prices/publish.ts";
import { getAssetItem, listPriceHistory, setActive, setPrice } from "./store/assets.ts";
import type { CatalogPorts } from "./usecases/catalog.ts";

export function catalogPorts(deps: InventoryDeps): CatalogPorts {
  const { doc, cfg, log } = deps;
  const table = cfg.TABLE_NAME;
  return {
    assets: {
      find: (id) => getAssetItem(doc, table, id),
      history: (id, opts) => listPriceHistory(doc, table, id, opts),
      setPrice: (id, price, source) => setPrice(doc, table, id, price, source),
      setActive: (id, active) => setActive(doc, table, id, active),
    },
    announce: {
      price: deps.publish,
      activation: (change) => {
        deps.assets.forget(change.asset_id);
        return publishAssetChange(deps.redis, log, change);
      },
    },
  };
}
