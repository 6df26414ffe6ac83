// Holdings at current prices, allocation (cash included), total value, and each asset's history.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { fetchers, keys } from "../api/queries";
import type { Portfolio as PortfolioData } from "../api/types";
import { AllocationChart, PALETTE, type Slice } from "../components/AllocationChart";
import { usePageTitle } from "../components/Layout";
import { Pager, useCursorPages } from "../components/Pager";
import { DataTable } from "../components/DataTable";
import { Empty, QueryState } from "../components/States";
import { Big, formatPrice, formatQuantity, formatUsd, toBig } from "../lib/money";

/** The totals the API sends (market value of the holdings, cash = available + held, their sum). */
export function portfolioTotals(p: PortfolioData) {
  return { market: new Big(p.total_market_value), cash: new Big(p.cash_balance), total: new Big(p.total_value) };
}

export function allocationSlices(p: PortfolioData, cash: Big, total: Big): Slice[] {
  if (total.lte(0)) return [];
  const pct = (v: Big) => Number(v.div(total).times(100).toFixed(4));
  const slices = p.assets.filter((a) => (toBig(a.market_value) ?? new Big(0)).gt(0)).map((a, i) => ({
    label: a.asset_id,
    value: pct(new Big(a.market_value)),
    color: PALETTE[i % PALETTE.length],
  }));
  if (cash.gt(0)) slices.push({ label: "Cash (USD)", value: pct(cash), color: "#6e7781" });
  return slices;
}

export default function Portfolio() {
  usePageTitle("Portfolio");
  const portfolio = useQuery({ queryKey: keys.portfolio, queryFn: fetchers.portfolio, refetchInterval: 30_000 });
  const [params, setParams] = useSearchParams();
  const selected = params.get("asset");

  return (
    <section>
      <h1>Portfolio</h1>
      <QueryState query={portfolio} label="your portfolio">
        {() => {
          const p = portfolio.data!;
          const { market, cash, total } = portfolioTotals(p);
          const holdings = p.assets.filter((a) => (toBig(a.quantity) ?? new Big(0)).gt(0));
          return (
            <>
              <div className="summary-grid">
                <div className="stat card"><span className="stat-label">Total value</span><span className="stat-value" data-testid="portfolio-total">{formatUsd(total)}</span></div>
                <div className="stat card"><span className="stat-label">Assets</span><span className="stat-value">{formatUsd(market)}</span></div>
                <div className="stat card"><span className="stat-label">Cash</span><span className="stat-value">{formatUsd(cash)}</span></div>
              </div>
              <div className="two-col">
                <section className="card" aria-labelledby="holdings-title">
                  <h2 id="holdings-title">Holdings</h2>
                  {holdings.length === 0
                    ? <Empty>You don't own any assets yet. <Link to="/trade">Make your first trade</Link>.</Empty>
                    : (
                      <DataTable label="Holdings table" columns={[
                        "Asset", { label: "Quantity", num: true }, { label: "Price", num: true }, { label: "Value", num: true },
                        { label: "Allocation", num: true }, { label: "Actions", hidden: true },
                      ]}>
                            {holdings.map((h) => (
                              <tr key={h.asset_id} data-testid={`holding-${h.asset_id}`}>
                                <th scope="row"><Link to={`/market/${h.asset_id}`}>{h.asset_name || h.asset_id}</Link> <span className="muted">{h.asset_id}</span></th>
                                <td className="num">
                                  {formatQuantity(h.quantity)}
                                  {h.held_quantity && new Big(h.held_quantity).gt(0) && <span className="muted small"> ({formatQuantity(h.held_quantity)} held)</span>}
                                </td>
                                <td className="num">{formatPrice(h.current_price)}</td>
                                <td className="num">{formatUsd(h.market_value)}</td>
                                <td className="num">{new Big(h.percentage).toFixed(2)}%</td>
                                <td>
                                  <button type="button" className="btn btn-small" aria-pressed={selected === h.asset_id}
                                    onClick={() => setParams({ asset: h.asset_id }, { replace: true })}>
                                    History
                                  </button>{" "}
                                  <Link className="btn btn-small" to={`/trade?asset=${h.asset_id}&side=sell`} aria-label={`Sell ${h.asset_id}`}>Sell</Link>
                                </td>
                              </tr>
                            ))}
                      </DataTable>
                    )}
                </section>
                <section className="card" aria-labelledby="alloc-title">
                  <h2 id="alloc-title">Allocation</h2>
                  {total.gt(0)
                    ? <AllocationChart slices={allocationSlices(p, cash, total)} title="Allocation of total value" />
                    : <Empty>Deposit funds to get started. <Link to="/account">Go to account</Link>.</Empty>}
                </section>
              </div>
              {selected && <AssetHistory key={selected} assetId={selected} />}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function AssetHistory({ assetId }: { assetId: string }) {
  const pages = useCursorPages();
  const tx = useQuery({
    queryKey: keys.assetTransactions(assetId, pages.cursor),
    queryFn: () => fetchers.assetTransactions(assetId, pages.cursor),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card" aria-labelledby="asset-history-title">
      <h2 id="asset-history-title">{assetId} transactions</h2>
      <QueryState query={tx} label={`${assetId} transactions`}>
        {() =>
          tx.data!.data.length === 0 ? <Empty>No {assetId} transactions.</Empty> : (
            <>
              <DataTable label={`${assetId} transactions table`} columns={["Date", "Type", { label: "Quantity", num: true }, { label: "Price", num: true }, "Status"]}>
                    {tx.data!.data.map((t, i) => (
                      <tr key={`${t.timestamp}-${i}`}>
                        <td>{new Date(t.timestamp).toLocaleString()}</td>
                        <td>{t.transaction_type}</td>
                        <td className="num">{formatQuantity(t.quantity)}</td>
                        <td className="num">{formatPrice(t.price)}</td>
                        <td>{t.status}</td>
                      </tr>
                    ))}
              </DataTable>
              <Pager label={`${assetId} transactions`} page={pages.page} hasPrev={pages.page > 1} hasNext={tx.data!.has_more}
                onPrev={pages.prev} onNext={() => pages.next(tx.data!.next_cursor)} />
            </>
          )}
      </QueryState>
    </section>
  );
}
