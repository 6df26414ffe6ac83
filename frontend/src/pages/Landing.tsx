import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { fetchers, keys } from "../api/queries";
import type { Asset } from "../api/types";
import { usePageTitle } from "../components/Layout";
import { Empty, QueryState } from "../components/States";
import { formatCompactUsd, formatPercent, formatPrice } from "../lib/money";
import { useSession } from "../lib/session";

function Change({ pct }: { pct: number | null }) {
  if (pct === null) return <span className="muted">—</span>;
  return <span className={pct > 0 ? "up" : pct < 0 ? "down" : undefined}>{formatPercent(pct)}</span>;
}

export function Landing() {
  usePageTitle("Home");
  const { token } = useSession();
  // The market summary refreshes every 30 s while the page is open.
  const assets = useQuery({ queryKey: keys.assets(true), queryFn: () => fetchers.assets(true), refetchInterval: 30_000 });
  return (
    <>
      <section className="hero">
        <h1>Trade digital assets with exact numbers</h1>
        <p className="lead">
          Fund your account, buy and sell at market prices, and follow your portfolio — every balance to the cent.
        </p>
        <div className="hero-actions">
          {token
            ? <Link className="btn btn-primary" to="/trade">Start trading</Link>
            : <Link className="btn btn-primary" to="/register">Create an account</Link>}
          <Link className="btn" to="/market">Browse the market</Link>
        </div>
      </section>
      <section aria-labelledby="summary-title" className="card">
        <h2 id="summary-title">Market summary</h2>
        <QueryState query={assets} label="the market">
          {() => {
            const list = assets.data!.data;
            if (!list.length) return <Empty>No assets are listed right now.</Empty>;
            const withChange = list.filter((a) => a.price_change_percentage_24h !== null);
            const sorted = [...withChange].sort((a, b) => b.price_change_percentage_24h! - a.price_change_percentage_24h!);
            const gainers = sorted.slice(0, 3);
            const losers = sorted.slice(-3).reverse();
            return (
              <>
                <p className="muted">{list.length} assets tradeable · prices in USD</p>
                <ul className="tiles" aria-label="Top assets by market cap">
                  {list.slice(0, 6).map((a) => <AssetTile key={a.asset_id} a={a} />)}
                </ul>
                <div className="two-col">
                  <Movers title="Top gainers (24h)" list={gainers} />
                  <Movers title="Top losers (24h)" list={losers} />
                </div>
              </>
            );
          }}
        </QueryState>
      </section>
      <section aria-labelledby="features-title" className="features">
        <h2 id="features-title">Platform features</h2>
        <ul className="feature-list">
          <li><strong>Market and limit orders</strong> with a preview of the total and the balance after.</li>
          <li><strong>Exact money</strong>: balances and totals are decimals, never rounded floats.</li>
          <li><strong>Portfolio</strong> with allocation and per-asset history.</li>
          <li><strong>Daily limits</strong> shown before you deposit or withdraw.</li>
        </ul>
      </section>
    </>
  );
}

function AssetTile({ a }: { a: Asset }) {
  return (
    <li className="tile">
      <Link to={`/market/${a.asset_id}`} aria-label={`${a.name} (${a.asset_id}) ${formatPrice(a.price_usd)}`}>
        <span className="tile-symbol">{a.asset_id}</span>
        <span className="tile-name">{a.name}</span>
        <span className="tile-price">{formatPrice(a.price_usd)}</span>
        <Change pct={a.price_change_percentage_24h} />
        <span className="muted small">Cap {formatCompactUsd(a.market_cap)}</span>
      </Link>
    </li>
  );
}

function Movers({ title, list }: { title: string; list: Asset[] }) {
  return (
    <div>
      <h3>{title}</h3>
      <ul className="movers">
        {list.map((a) => (
          <li key={a.asset_id}>
            <Link to={`/market/${a.asset_id}`}>{a.name}</Link> <Change pct={a.price_change_percentage_24h} />
          </li>
        ))}
      </ul>
    </div>
  );
}
