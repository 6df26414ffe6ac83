// Fallback for order outcomes while the live stream is not connected (the events endpoint is
// missing, or reconnecting): open orders are polled, and an order that leaves the open list is
// looked up once — its fill, cancellation or expiry raises the same toast a live event would and
// refreshes the affected data. With the stream live, this does nothing.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "../api/client";
import { fetchers } from "../api/queries";
import type { Order, OrderEvent } from "../api/types";
import { useToast } from "../components/Toasts";
import { useSession } from "../lib/session";
import { describeEvent, useLiveStatus } from "./useLiveEvents";

const POLL_MS = 3000;
/** Orders whose outcome the user already saw (e.g. their own cancel): no second toast. */
export const announcedOrders = new Set<string>();

const FINAL_EVENT: Partial<Record<Order["status"], OrderEvent["type"]>> = { filled: "order.filled", cancelled: "order.cancelled", expired: "order.expired" };

export function OrderWatch({ pollMs = POLL_MS }: { pollMs?: number }) {
  const { token } = useSession();
  const live = useLiveStatus();
  const queryClient = useQueryClient();
  const toast = useToast();
  const known = useRef<Map<string, Order> | null>(null);
  const polling = !!token && live !== "live";
  const open = useQuery({
    queryKey: ["orders", { status: "pending", watch: true }],
    queryFn: () => fetchers.orders({ status: "pending", limit: 100 }),
    enabled: polling,
    refetchInterval: polling ? pollMs : false,
    refetchIntervalInBackground: false,
  });

  useEffect(() => {
    if (!token) known.current = null;
  }, [token]);

  useEffect(() => {
    if (!open.data) return;
    const now = new Map(open.data.data.map((o) => [o.order_id, o]));
    const before = known.current;
    known.current = now;
    if (!before) return; // first look: nothing to compare with
    const gone = [...before.keys()].filter((id) => !now.has(id) && !announcedOrders.has(id));
    if (!gone.length) return;
    for (const k of ["orders", "balance", "portfolio", "ledger", "asset-transactions"]) {
      void queryClient.invalidateQueries({ queryKey: [k] });
    }
    for (const id of gone) {
      announcedOrders.add(id);
      void api<{ data: Order }>(`/orders/${encodeURIComponent(id)}`).then(({ data: o }) => {
        const type = FINAL_EVENT[o.status];
        if (!type) return;
        const d = describeEvent({ type, order: o });
        if (d) toast.show(d.text, d.kind);
      }).catch(() => {});
    }
  }, [open.data, queryClient, toast]);

  return null;
}
