// What the order will do, before it is placed: price, total, cash or quantity after, and the cap.
import type { Preview, Side, OrderKind } from "../lib/orderPreview";
import { formatPrice, formatQuantity, formatUsd } from "../lib/money";

export function OrderPreviewPanel(props: {
  preview: Preview;
  side: Side;
  kind: OrderKind;
  assetId: string;
  quantity: string;
  maxOrderValue: string;
}) {
  const { preview: p, side, kind, assetId } = props;
  return (
    <section className="preview card" aria-labelledby="preview-title" aria-live="polite">
      <h2 id="preview-title">Preview</h2>
      <dl className="preview-list">
        <div>
          <dt>{kind === "limit" ? "Limit price" : "Market price"}</dt>
          <dd data-testid="preview-price">{p.price ? formatPrice(p.price) : "—"}</dd>
        </div>
        <div>
          <dt>{side === "buy" ? "Estimated total (you pay)" : "Estimated total (you receive)"}</dt>
          <dd data-testid="preview-total">{p.total ? formatUsd(p.total) : "—"}</dd>
        </div>
        <div>
          <dt>Cash available after</dt>
          <dd data-testid="preview-cash-after" className={p.cashAfter?.lt(0) ? "down" : undefined}>
            {p.cashAfter ? formatUsd(p.cashAfter) : "—"}
          </dd>
        </div>
        <div>
          <dt>{assetId || "Asset"} quantity after</dt>
          <dd data-testid="preview-quantity-after" className={p.quantityAfter?.lt(0) ? "down" : undefined}>
            {p.quantityAfter ? formatQuantity(p.quantityAfter) : "—"}
          </dd>
        </div>
      </dl>
      {p.exceedsCap && (
        <p className="warning" role="alert" data-testid="cap-warning">
          This order's value ({formatUsd(p.value!)}) exceeds the maximum of {formatUsd(props.maxOrderValue)} per order.
        </p>
      )}
      {kind === "market" && p.total && !p.exceedsCap && (
        <p className="muted small">
          Market orders execute at the price at the moment they are placed; the total is rounded to the cent
          {side === "buy" ? " up" : " down"}.
        </p>
      )}
      {kind === "limit" && p.total && !p.exceedsCap && (
        <p className="muted small">
          {side === "buy"
            ? `${formatUsd(p.total)} is held until the order fills at ${formatPrice(p.price!)} or better, is cancelled or expires.`
            : `${formatQuantity(props.quantity)} ${assetId} is held until the order fills at ${formatPrice(p.price!)} or better.`}
        </p>
      )}
    </section>
  );
}
