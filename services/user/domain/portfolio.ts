// Pure portfolio arithmetic: market value per holding, allocation percentages, cash and totals.
// Market values are rounded half-up to cents for display; percentages are computed from the
// exact values so they do not drift with rounding, then rounded to two decimals.
import { Big, usd, ZERO } from "../../common/money.ts";

export interface HoldingInput {
  assetId: string;
  assetName: string;
  quantity: Big; // free (sellable) quantity
  held: Big; // reserved by pending limit sells
  price: Big; // current inventory price; 0 if the asset disappeared
}

export function portfolioView(holdings: HoldingInput[], cash: Big) {
  const rows = holdings
    .map((h) => ({ h, total: h.quantity.plus(h.held) }))
    .filter(({ total }) => total.gt(0)) // sold-out positions are not positions
    .map(({ h, total }) => ({ h, total, value: total.times(h.price) }));
  const invested = rows.reduce((s, r) => s.plus(r.value), ZERO);
  const grand = invested.plus(cash);
  const pct = (v: Big) => (grand.eq(0) ? "0.00" : v.div(grand).times(100).toFixed(2, Big.roundHalfUp));
  return {
    assets: rows
      .sort((a, b) => b.value.cmp(a.value) || a.h.assetId.localeCompare(b.h.assetId))
      .map(({ h, total, value }) => ({
        asset_id: h.assetId,
        asset_name: h.assetName,
        quantity: total.toFixed(),
        available_quantity: h.quantity.toFixed(),
        held_quantity: h.held.toFixed(),
        current_price: h.price.toFixed(),
        market_value: usd(value),
        percentage: pct(value),
      })),
    cash_balance: usd(cash),
    cash_percentage: pct(cash),
    total_market_value: usd(invested),
    total_value: usd(grand),
  };
}
