// Open orders (status=pending) with cancel, and the full history, newest first, page by page.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../api/client";
import { fetchers, keys } from "../api/queries";
import type { Order } from "../api/types";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { usePageTitle } from "../components/Layout";
import { OrdersTable } from "../components/OrdersTable";
import { Pager, useCursorPages } from "../components/Pager";
import { ProblemAlert } from "../components/ProblemAlert";
import { QueryState } from "../components/States";
import { useToast } from "../components/Toasts";
import { announcedOrders } from "../live/OrderWatch";
import { useLiveStatus } from "../live/useLiveEvents";
import { formatQuantity } from "../lib/money";

export default function Orders() {
  usePageTitle("Orders");
  const [params, setParams] = useSearchParams();
  const view = params.get("view") === "all" ? "all" : "open";
  const pages = useCursorPages();
  const live = useLiveStatus();
  const queryClient = useQueryClient();
  const toast = useToast();
  const filter = { status: view === "open" ? "pending" : undefined, cursor: pages.cursor, limit: 20 };
  const orders = useQuery({
    queryKey: keys.orders(filter),
    queryFn: () => fetchers.orders(filter),
    placeholderData: keepPreviousData,
    // Without the live stream, open orders are polled so fills and expiries still show up.
    refetchInterval: live === "live" ? false : 15_000,
  });
  const [confirm, setConfirm] = useState<Order | null>(null);
  const cancel = useMutation({
    mutationFn: (o: Order) => api<{ data: Order }>(`/orders/${encodeURIComponent(o.order_id)}`, { method: "DELETE" }),
    onSuccess: (_r, o) => {
      announcedOrders.add(o.order_id);
      toast.show(`Order for ${formatQuantity(o.quantity)} ${o.asset_id} cancelled`, "success");
    },
    onSettled: () => {
      setConfirm(null);
      for (const k of ["orders", "balance", "portfolio", "ledger"]) void queryClient.invalidateQueries({ queryKey: [k] });
    },
  });

  const switchView = (v: "open" | "all") => {
    pages.reset();
    cancel.reset();
    setParams(v === "all" ? { view: "all" } : {}, { replace: true });
  };

  return (
    <section>
      <h1>Orders</h1>
      <div className="tabs" role="group" aria-label="Which orders">
        <button type="button" className={`tab${view === "open" ? " active" : ""}`} aria-pressed={view === "open"} onClick={() => switchView("open")}>
          Open orders
        </button>
        <button type="button" className={`tab${view === "all" ? " active" : ""}`} aria-pressed={view === "all"} onClick={() => switchView("all")}>
          All orders
        </button>
      </div>
      <ProblemAlert error={cancel.error} title="The order was not cancelled" />
      <QueryState query={orders} label="orders">
        {() => (
          <>
            <OrdersTable
              orders={orders.data!.data}
              empty={view === "open" ? "You have no open orders. Limit orders wait here until they fill, expire or you cancel them." : "No orders yet."}
              onCancel={(o) => setConfirm(o)}
              cancelling={cancel.isPending ? cancel.variables?.order_id : null}
            />
            <Pager label="Orders" page={pages.page} hasPrev={pages.page > 1} hasNext={orders.data!.has_more}
              onPrev={pages.prev} onNext={() => pages.next(orders.data!.next_cursor)} />
          </>
        )}
      </QueryState>
      <ConfirmDialog open={!!confirm} title="Cancel this order?" confirmLabel="Cancel order" busy={cancel.isPending}
        onCancel={() => setConfirm(null)} onConfirm={() => confirm && cancel.mutate(confirm)}>
        {confirm && (
          <p>
            {confirm.order_type.replace("_", " ")} {formatQuantity(confirm.quantity)} {confirm.asset_id}. What it holds is released.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
