// Trading: market or limit, buy or sell, with a live preview, a confirmation step and the outcome.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, idempotencyKey } from "../api/client";
import { ApiProblem } from "../api/problem";
import { fetchers, keys } from "../api/queries";
import type { Order, OrderType } from "../api/types";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Field } from "../components/Field";
import { usePageTitle } from "../components/Layout";
import { OrderPreviewPanel } from "../components/OrderPreviewPanel";
import { OrdersTable } from "../components/OrdersTable";
import { fieldError, formLevelError, ProblemAlert } from "../components/ProblemAlert";
import { Loading, QueryState } from "../components/States";
import { useToast } from "../components/Toasts";
import { formatPrice, formatQuantity, formatUsd } from "../lib/money";
import { type OrderKind, previewOrder, type Side } from "../lib/orderPreview";

const FORM_FIELDS = ["asset_id", "quantity", "price", "expires_at"] as const;

export function orderBody(o: { side: Side; kind: OrderKind; assetId: string; quantity: string; limitPrice: string; expiresAt: string }) {
  const order_type = `${o.kind}_${o.side}` as OrderType;
  return {
    order_type,
    asset_id: o.assetId,
    quantity: o.quantity.trim(),
    price: o.kind === "limit" ? o.limitPrice.trim() : null,
    ...(o.kind === "limit" && o.expiresAt ? { expires_at: new Date(o.expiresAt).toISOString() } : {}),
  };
}

export default function Trade() {
  usePageTitle("Trade");
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const toast = useToast();
  const assets = useQuery({ queryKey: keys.assets(true), queryFn: () => fetchers.assets(true), refetchInterval: 15_000 });
  const balance = useQuery({ queryKey: keys.balance, queryFn: fetchers.balance });
  const portfolio = useQuery({ queryKey: keys.portfolio, queryFn: fetchers.portfolio });
  const config = useQuery({ queryKey: keys.config, queryFn: fetchers.config, staleTime: Infinity });
  const recent = useQuery({ queryKey: keys.orders({ limit: 5 }), queryFn: () => fetchers.orders({ limit: 5 }) });

  const side: Side = params.get("side") === "sell" ? "sell" : "buy";
  const assetId = (params.get("asset") ?? "").toUpperCase();
  const [kind, setKind] = useState<OrderKind>("market");
  const [quantity, setQuantity] = useState("");
  const [limitPrice, setLimitPrice] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [reviewing, setReviewing] = useState<{ key: string; body: ReturnType<typeof orderBody> } | null>(null);
  const [outcome, setOutcome] = useState<Order | null>(null);

  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };

  const holdings = portfolio.data?.assets ?? [];
  const holding = holdings.find((h) => h.asset_id === assetId);
  const owned = holdings.filter((h) => Number(h.available_quantity ?? h.quantity) > 0);
  const tradeable = useMemo(() => [...(assets.data?.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [assets.data]);
  const choices = side === "sell" ? tradeable.filter((a) => owned.some((h) => h.asset_id === a.asset_id)) : tradeable;
  const asset = tradeable.find((a) => a.asset_id === assetId);
  const maxOrderValue = config.data?.max_order_value ?? "10000";
  const availableCash = balance.data ? (balance.data.available_balance ?? balance.data.current_balance) : undefined;

  const preview = previewOrder({
    side,
    kind,
    quantity,
    marketPrice: asset?.price_usd,
    limitPrice,
    availableCash,
    freeQuantity: holding ? (holding.available_quantity ?? holding.quantity) : "0",
    maxOrderValue,
  });

  const place = useMutation({
    mutationFn: (r: { key: string; body: ReturnType<typeof orderBody> }) =>
      api<{ data: Order }>("/orders", { method: "POST", body: r.body, headers: { "Idempotency-Key": r.key } }).then((x) => x.data),
    onSuccess: (order) => {
      setOutcome(order);
      setReviewing(null);
      setQuantity("");
      toast.show(`${order.order_type.endsWith("buy") ? "Buy" : "Sell"} ${formatQuantity(order.quantity)} ${order.asset_id}: ${order.status}`, "success");
    },
    onError: () => setReviewing(null),
    onSettled: () => {
      for (const k of ["balance", "portfolio", "orders", "ledger", "asset-transactions"]) {
        void queryClient.invalidateQueries({ queryKey: [k] });
      }
    },
  });

  function review(e: FormEvent) {
    e.preventDefault();
    setOutcome(null);
    place.reset();
    if (!assetId || !preview.ready) return;
    setReviewing({ key: idempotencyKey(), body: orderBody({ side, kind, assetId, quantity, limitPrice, expiresAt }) });
  }

  const clientProblem = (field: "quantity" | "price") =>
    quantity || (field === "price" && limitPrice) ? preview.problems.find((p) => p.field === field)?.message : undefined;
  const error = place.error;

  return (
    <section>
      <h1>Trade</h1>
      <div className="trade-layout">
        <form className="card" onSubmit={review} noValidate aria-label="Order">
          <fieldset className="segmented">
            <legend>Side</legend>
            {(["buy", "sell"] as const).map((s) => (
              <label key={s} className={side === s ? "checked" : undefined}>
                <input type="radio" name="side" value={s} checked={side === s} onChange={() => setParam("side", s)} />
                {s === "buy" ? "Buy" : "Sell"}
              </label>
            ))}
          </fieldset>
          <fieldset className="segmented">
            <legend>Order type</legend>
            {(["market", "limit"] as const).map((k) => (
              <label key={k} className={kind === k ? "checked" : undefined}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {k === "market" ? "Market" : "Limit"}
              </label>
            ))}
          </fieldset>
          <div className={`field${fieldError(error, "asset_id") ? " field-invalid" : ""}`}>
            <label htmlFor="asset">Asset</label>
            <QueryState query={assets} label="assets">
              {() => (
                <select id="asset" value={assetId} onChange={(e) => setParam("asset", e.target.value)}
                  aria-describedby={fieldError(error, "asset_id") ? "asset-error" : undefined}>
                  <option value="">{side === "sell" && !choices.length ? "You own no assets yet" : "Choose an asset"}</option>
                  {choices.map((a) => (
                    <option key={a.asset_id} value={a.asset_id}>
                      {a.name} ({a.asset_id}) — {formatPrice(a.price_usd)}
                    </option>
                  ))}
                </select>
              )}
            </QueryState>
            {fieldError(error, "asset_id") && <p id="asset-error" className="field-error">{fieldError(error, "asset_id")}</p>}
          </div>
          <p className="muted small" data-testid="trade-balances">
            Cash available: <strong>{availableCash !== undefined ? formatUsd(availableCash) : "…"}</strong>
            {assetId && <> · {assetId} owned: <strong>{formatQuantity(holding ? (holding.available_quantity ?? holding.quantity) : "0")}</strong></>}
          </p>
          <Field label="Quantity" name="quantity" inputMode="decimal" autoComplete="off" value={quantity}
            onChange={(e) => setQuantity(e.target.value)} hint="At least 0.001, up to 8 decimals"
            error={fieldError(error, "quantity") ?? clientProblem("quantity")} required />
          {kind === "limit" && (
            <>
              <Field label="Limit price (USD)" name="price" inputMode="decimal" autoComplete="off" value={limitPrice}
                onChange={(e) => setLimitPrice(e.target.value)}
                hint={side === "buy" ? "Buy at this price or lower" : "Sell at this price or higher"}
                error={fieldError(error, "price") ?? clientProblem("price")} required />
              <Field label="Expires (optional)" name="expires_at" type="datetime-local" value={expiresAt}
                onChange={(e) => setExpiresAt(e.target.value)} hint="Leave empty to keep the order until you cancel it"
                error={fieldError(error, "expires_at")} />
            </>
          )}
          <ProblemAlert error={formLevelError(error, FORM_FIELDS)} title="The order was not placed" />
          <button type="submit" className="btn btn-primary" disabled={!assetId || !preview.ready || place.isPending}>
            Review {side} order
          </button>
        </form>
        <div>
          <OrderPreviewPanel preview={preview} side={side} kind={kind} assetId={assetId} quantity={quantity} maxOrderValue={maxOrderValue} />
          {outcome && (
            <section className="card outcome" aria-labelledby="outcome-title" data-testid="order-outcome">
              <h2 id="outcome-title">Order {outcome.status}</h2>
              <p>
                {outcome.order_type.replace("_", " ")} · {formatQuantity(outcome.quantity)} {outcome.asset_id} at{" "}
                {formatPrice(outcome.filled_price ?? outcome.limit_price ?? outcome.price)} · total {formatUsd(outcome.total_amount)}
              </p>
              <p className="muted small">Order id <code>{outcome.order_id}</code> · <Link to="/portfolio">See portfolio</Link></p>
            </section>
          )}
        </div>
      </div>
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">Recent orders</h2>
        <QueryState query={recent} label="recent orders">
          {() => <OrdersTable orders={recent.data!.data} empty="No orders yet." />}
        </QueryState>
        <p><Link to="/orders">All orders</Link></p>
      </section>
      <ConfirmDialog
        open={!!reviewing}
        title={`Confirm ${kind} ${side}`}
        confirmLabel={`Place ${side} order`}
        busy={place.isPending}
        onCancel={() => setReviewing(null)}
        onConfirm={() => reviewing && place.mutate(reviewing)}
      >
        {reviewing && (
          <dl className="preview-list">
            <div><dt>Order</dt><dd>{kind === "market" ? "Market" : "Limit"} {side} {formatQuantity(quantity)} {assetId}</dd></div>
            <div><dt>{kind === "limit" ? "Limit price" : "Price now"}</dt><dd>{formatPrice(preview.price)}</dd></div>
            <div><dt>Total</dt><dd data-testid="confirm-total">{formatUsd(preview.total)}</dd></div>
            <div><dt>Cash after</dt><dd>{formatUsd(preview.cashAfter)}</dd></div>
            {reviewing.body.expires_at && <div><dt>Expires</dt><dd>{new Date(reviewing.body.expires_at).toLocaleString()}</dd></div>}
          </dl>
        )}
      </ConfirmDialog>
      {place.isPending && <Loading label="Placing order…" />}
      {error instanceof ApiProblem && error.code === "LIMIT_ORDERS_UNSUPPORTED" && (
        <p className="muted">Limit orders are not enabled on this server yet; market orders work.</p>
      )}
    </section>
  );
}
