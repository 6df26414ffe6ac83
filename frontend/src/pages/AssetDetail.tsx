import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { fetchers, keys } from "../api/queries";
import { usePageTitle } from "../components/Layout";
import { Empty, Loading, QueryState } from "../components/States";
import { formatCompactUsd, formatPercent, formatPrice, formatQuantity } from "../lib/money";
import { useSession } from "../lib/session";

const PriceChart = lazy(() => import("../components/PriceChart"));

export default function AssetDetail() {
  const { assetId = "" } = useParams();
  const id = assetId.toUpperCase();
  usePageTitle(id);
  const { token } = useSession();
  const asset = useQuery({ queryKey: keys.asset(id), queryFn: () => fetchers.asset(id), refetchInterval: 30_000 });
  const history = useQuery({ queryKey: keys.priceHistory(id), queryFn: () => fetchers.priceHistory(id), refetchInterval: 30_000 });
  const a = asset.data;
  return (
    <section>
      <p><Link to="/market">← Market</Link></p>
      <h1>{a ? `${a.name} (${a.asset_id})` : id}</h1>
      <QueryState query={asset} label="the asset">
        {() => (
          <>
            <div className="price-head">
              <span className="big-price" data-testid="asset-price">{formatPrice(a!.price_usd)}</span>
              <span className={(a!.price_change_percentage_24h ?? 0) >= 0 ? "up" : "down"}>
                {formatPercent(a!.price_change_percentage_24h)} (24h)
              </span>
              <span className={`badge ${a!.is_active ? "badge-ok" : "badge-warn"}`}>{a!.is_active ? "Tradeable" : "Trading paused"}</span>
              {token && a!.is_active && (
                <>
                  <Link className="btn btn-primary btn-small" to={`/trade?asset=${a!.asset_id}&side=buy`}>Buy</Link>
                  <Link className="btn btn-small" to={`/trade?asset=${a!.asset_id}&side=sell`}>Sell</Link>
                </>
              )}
            </div>
            {a!.description && <p>{a!.description}</p>}
          </>
        )}
      </QueryState>
      <section aria-labelledby="chart-title" className="card">
        <h2 id="chart-title">Price history</h2>
        <QueryState query={history} label="price history">
          {() =>
            history.data!.data.length === 0
              ? <Empty>No price history yet.</Empty>
              : (
                <Suspense fallback={<Loading label="Loading chart…" />}>
                  <PriceChart points={history.data!.data} label={`${id} price history, ${history.data!.data.length} points, latest ${formatPrice(history.data!.data[0].price_usd)}`} />
                  <p className="muted small">{history.data!.data.length} price points · newest {new Date(history.data!.data[0].timestamp).toLocaleString()}</p>
                </Suspense>
              )}
        </QueryState>
      </section>
      {a && (
        <section aria-labelledby="stats-title" className="card">
          <h2 id="stats-title">Statistics</h2>
          <dl className="stats">
            <div><dt>Market cap</dt><dd>{formatCompactUsd(a.market_cap)}</dd></div>
            <div><dt>Rank</dt><dd>{a.market_cap_rank ?? "—"}</dd></div>
            <div><dt>24h high</dt><dd>{formatPrice(a.high_24h)}</dd></div>
            <div><dt>24h low</dt><dd>{formatPrice(a.low_24h)}</dd></div>
            <div><dt>Volume (24h)</dt><dd>{formatCompactUsd(a.total_volume_24h)}</dd></div>
            <div><dt>7d</dt><dd>{formatPercent(a.price_change_percentage_7d)}</dd></div>
            <div><dt>30d</dt><dd>{formatPercent(a.price_change_percentage_30d)}</dd></div>
            <div><dt>Circulating supply</dt><dd>{formatQuantity(a.circulating_supply)}</dd></div>
            <div><dt>All-time high</dt><dd>{formatPrice(a.ath)}</dd></div>
            <div><dt>All-time low</dt><dd>{formatPrice(a.atl)}</dd></div>
            <div><dt>Category</dt><dd>{a.category}</dd></div>
            <div><dt>Last updated</dt><dd>{a.last_updated ? new Date(a.last_updated).toLocaleString() : "—"}</dd></div>
          </dl>
        </section>
      )}
    </section>
  );
}
