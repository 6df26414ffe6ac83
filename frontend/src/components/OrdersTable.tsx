import type { Order } from "../api/types";
import { formatPrice, formatQuantity, formatUsd } from "../lib/money";
import { DataTable } from "./DataTable";
import { Empty } from "./States";

const TYPE_LABEL: Record<string, string> = {
  market_buy: "Market buy",
  market_sell: "Market sell",
  limit_buy: "Limit buy",
  limit_sell: "Limit sell",
};

export function StatusBadge({ status }: { status: string }) {
  const tone = ["completed", "filled"].includes(status) ? "ok" : ["pending", "accepted"].includes(status) ? "info" : "warn";
  return <span className={`badge badge-${tone}`}>{status}</span>;
}

export function OrdersTable(props: {
  orders: Order[];
  empty: string;
  onCancel?: (o: Order) => void;
  cancelling?: string | null;
}) {
  if (!props.orders.length) return <Empty>{props.empty}</Empty>;
  return (
    <DataTable label="Orders table" columns={[
      "Date", "Type", "Asset", { label: "Quantity", num: true }, { label: "Price", num: true },
      { label: "Total", num: true }, "Status", ...(props.onCancel ? [{ label: "Actions", hidden: true }] : []),
    ]}>
          {props.orders.map((o) => (
            <tr key={o.order_id} data-testid={`order-${o.order_id}`}>
              <td>{new Date(o.created_at).toLocaleString()}</td>
              <td>{TYPE_LABEL[o.order_type] ?? o.order_type}</td>
              <td>{o.asset_id}</td>
              <td className="num">{formatQuantity(o.quantity)}</td>
              <td className="num">
                {formatPrice(o.filled_price ?? o.limit_price ?? o.price)}
                {o.limit_price && !o.filled_price && <span className="muted small"> limit</span>}
              </td>
              <td className="num">{formatUsd(o.total_amount)}</td>
              <td>
                <StatusBadge status={o.status} />
                {o.expires_at && o.status === "pending" && (
                  <span className="muted small"> until {new Date(o.expires_at).toLocaleString()}</span>
                )}
              </td>
              {props.onCancel && (
                <td>
                  {o.status === "pending" && (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => props.onCancel!(o)}
                      disabled={props.cancelling === o.order_id} aria-label={`Cancel order ${o.order_id}`}>
                      {props.cancelling === o.order_id ? "Cancelling…" : "Cancel"}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
    </DataTable>
  );
}
