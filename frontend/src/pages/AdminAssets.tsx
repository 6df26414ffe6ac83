// Admin: set an asset's price (recorded in its history and published to the order side) and
// switch trading on or off. Inactive assets are listed too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { fetchers, keys } from "../api/queries";
import type { Asset } from "../api/types";
import { fieldError, ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../components/Layout";
import { DataTable } from "../components/DataTable";
import { Empty, QueryState } from "../components/States";
import { useToast } from "../components/Toasts";
import { formatPrice } from "../lib/money";

export default function AdminAssets() {
  usePageTitle("Admin · Assets");
  const assets = useQuery({ queryKey: keys.assets(false), queryFn: () => fetchers.assets(false) });
  return (
    <section>
      <h1>Admin: assets</h1>
      <p><Link to="/admin/dead-letters">Dead letters →</Link></p>
      <QueryState query={assets} label="assets">
        {() =>
          assets.data!.data.length === 0 ? <Empty>The catalog is empty.</Empty> : (
            <DataTable label="Assets administration table" columns={["Asset", { label: "Price", num: true }, "New price (USD)", "Trading"]}>
              {assets.data!.data.map((a) => <AssetRow key={a.asset_id} asset={a} />)}
            </DataTable>
          )}
      </QueryState>
    </section>
  );
}

function AssetRow({ asset }: { asset: Asset }) {
  const [price, setPrice] = useState("");
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["assets"] });
  const setPriceM = useMutation({
    mutationFn: (p: string) =>
      api(`/admin/inventory/assets/${asset.asset_id}/price`, { method: "PUT", body: { price_usd: p } }),
    onSuccess: () => {
      toast.show(`${asset.asset_id} price set to ${formatPrice(price)}`, "success");
      setPrice("");
    },
    onSettled: refresh,
  });
  const activeM = useMutation({
    mutationFn: (is_active: boolean) => api(`/admin/inventory/assets/${asset.asset_id}`, { method: "PATCH", body: { is_active } }),
    onSuccess: (_r, on) => toast.show(`${asset.asset_id} trading ${on ? "enabled" : "paused"}`, "success"),
    onSettled: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPriceM.mutate(price.trim());
  };
  const priceError = fieldError(setPriceM.error, "price_usd");
  const inputId = `price-${asset.asset_id}`;
  return (
    <tr data-testid={`admin-asset-${asset.asset_id}`}>
      <th scope="row">{asset.name} <span className="muted">{asset.asset_id}</span></th>
      <td className="num">{formatPrice(asset.price_usd)}</td>
      <td>
        <form className="inline-form" onSubmit={submit} noValidate>
          <label htmlFor={inputId} className="visually-hidden">New price for {asset.asset_id} in USD</label>
          <input id={inputId} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} size={12}
            aria-invalid={priceError ? true : undefined} aria-describedby={priceError ? `${inputId}-error` : undefined} />
          <button type="submit" className="btn btn-small" disabled={setPriceM.isPending || !price.trim()}>Set price</button>
        </form>
        {priceError && <p id={`${inputId}-error`} className="field-error">{priceError}</p>}
        {!priceError && setPriceM.error ? <ProblemAlert error={setPriceM.error} /> : null}
      </td>
      <td>
        <label className="switch">
          <input type="checkbox" checked={asset.is_active} disabled={activeM.isPending}
            onChange={(e) => activeM.mutate(e.target.checked)} />
          {asset.is_active ? "Active" : "Paused"}
          <span className="visually-hidden"> trading for {asset.asset_id}</span>
        </label>
        <ProblemAlert error={activeM.error} />
      </td>
    </tr>
  );
}
