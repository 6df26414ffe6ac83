// The catalog with search, sort and paging in the browser (the API returns up to 250 assets
// ranked by market cap; it has no search or sort parameters).
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { fetchers, keys } from "../api/queries";
import type { Asset } from "../api/types";
import { usePageTitle } from "../components/Layout";
import { Empty, QueryState } from "../components/States";
import { Big, formatCompactUsd, formatPercent, formatPrice } from "../lib/money";
import { useSession } from "../lib/session";

type SortKey = "rank" | "name" | "price" | "change" | "cap" | "volume";
const PAGE_SIZE = 10;

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "rank", label: "#", numeric: true },
  { key: "name", label: "Name" },
  { key: "price", label: "Price", numeric: true },
  { key: "change", label: "24h %", numeric: true },
  { key: "cap", label: "Market cap", numeric: true },
  { key: "volume", label: "Volume (24h)", numeric: true },
];

const dec = (n: number | null) => (n === null ? null : new Big(String(n)));
function cmp(a: Asset, b: Asset, key: SortKey): number {
  const nums: Record<Exclude<SortKey, "name">, (x: Asset) => Big | null> = {
    rank: (x) => dec(x.market_cap_rank),
    price: (x) => dec(x.price_usd),
    change: (x) => dec(x.price_change_percentage_24h),
    cap: (x) => dec(x.market_cap),
    volume: (x) => dec(x.total_volume_24h),
  };
  if (key === "name") return a.name.localeCompare(b.name);
  const x = nums[key](a);
  const y = nums[key](b);
  if (x === null && y === null) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x.cmp(y);
}

export function sortAssets(list: Asset[], key: SortKey, dir: "asc" | "desc", search: string): Asset[] {
  const s = search.trim().toLowerCase();
  const filtered = s ? list.filter((a) => a.name.toLowerCase().includes(s) || a.asset_id.toLowerCase().includes(s)) : list;
  const sorted = [...filtered].sort((a, b) => cmp(a, b, key) || a.asset_id.localeCompare(b.asset_id));
  return dir === "asc" ? sorted : sorted.reverse();
}

export function Market() {
  usePageTitle("Market");
  const { token } = useSession();
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const sort = (params.get("sort") as SortKey) || "rank";
  const dir = params.get("dir") === "desc" ? "desc" : "asc";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const assets = useQuery({ queryKey: keys.assets(true), queryFn: () => fetchers.assets(true), refetchInterval: 30_000 });
  const rows = useMemo(() => sortAssets(assets.data?.data ?? [], sort, dir, search), [assets.data, sort, dir, search]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === null || v === "") next.delete(k); else next.set(k, v);
    setParams(next, { replace: true });
  };
  const sortBy = (key: SortKey) => update({ sort: key, dir: sort === key && dir === "asc" ? "desc" : "asc", page: null });

  return (
    <section>
      <h1>Market</h1>
      <div className="toolbar">
        <label htmlFor="market-search" className="visually-hidden">Search assets</label>
        <input
          id="market-search"
          type="search"
          placeholder="Search by name or symbol"
          value={search}
          onChange={(e) => update({ q: e.target.value, page: null })}
        />
      </div>
      <QueryState query={assets} label="assets">
        {() =>
          rows.length === 0
            ? <Empty>No assets match “{search}”.</Empty>
            : (
              <>
                <div className="table-wrap" role="region" aria-label="Assets table" tabIndex={0}>
                  <table>
                    <caption className="visually-hidden">
                      Assets, sorted by {COLUMNS.find((c) => c.key === sort)?.label} {dir === "asc" ? "ascending" : "descending"}
                    </caption>
                    <thead>
                      <tr>
                        {COLUMNS.map((c) => (
                          <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}
                            aria-sort={sort === c.key ? (dir === "asc" ? "ascending" : "descending") : undefined}>
                            <button type="button" className="sort" onClick={() => sortBy(c.key)}>
                              {c.label}
                              <span aria-hidden="true">{sort === c.key ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
                            </button>
                          </th>
                        ))}
                        {token && <th scope="col"><span className="visually-hidden">Actions</span></th>}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((a) => (
                        <tr key={a.asset_id}>
                          <td className="num">{a.market_cap_rank ?? "—"}</td>
                          <td>
                            <Link to={`/market/${a.asset_id}`}>{a.name}</Link> <span className="muted">{a.asset_id}</span>
                          </td>
                          <td className="num">{formatPrice(a.price_usd)}</td>
                          <td className={`num ${(a.price_change_percentage_24h ?? 0) > 0 ? "up" : (a.price_change_percentage_24h ?? 0) < 0 ? "down" : ""}`}>
                            {formatPercent(a.price_change_percentage_24h)}
                          </td>
                          <td className="num">{formatCompactUsd(a.market_cap)}</td>
                          <td className="num">{formatCompactUsd(a.total_volume_24h)}</td>
                          {token && (
                            <td>
                              <Link className="btn btn-small" to={`/trade?asset=${a.asset_id}`} aria-label={`Trade ${a.name}`}>Trade</Link>
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <nav className="pager" aria-label="Market pages">
                  <button type="button" className="btn btn-small" disabled={current <= 1} onClick={() => update({ page: String(current - 1) })}>
                    ← Previous
                  </button>
                  <span aria-live="polite">Page {current} of {pages} · {rows.length} assets</span>
                  <button type="button" className="btn btn-small" disabled={current >= pages} onClick={() => update({ page: String(current + 1) })}>
                    Next →
                  </button>
                </nav>
              </>
            )}
      </QueryState>
    </section>
  );
}
