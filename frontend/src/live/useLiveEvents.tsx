// Live order updates once logged in: GET /api/v1/events (SSE through the gateway, issue 10's
// contract). Each event refreshes the queries it affects and order outcomes raise a toast. On a
// dropped connection it reconnects with backoff and resumes with Last-Event-ID, so nothing is
// missed; REST stays the source of truth (a `resync` event just refetches everything).
// While the backend has no events endpoint (404/501), it says so in the header and retries rarely;
// pages still refresh after the user's own actions.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { API_BASE } from "../api/client";
import type { OrderEvent } from "../api/types";
import { useToast } from "../components/Toasts";
import { formatPrice, formatQuantity } from "../lib/money";
import { useSession } from "../lib/session";
import { SseParser } from "./sse";

export type LiveStatus = "off" | "connecting" | "live" | "reconnecting" | "unavailable";
const LiveContext = createContext<LiveStatus>("off");
export const useLiveStatus = () => useContext(LiveContext);

/**
 * What a stream message may carry: the contract's OrderEvent (client/openapi.ts), every field optional
 * because the JSON comes off the wire unchecked, and `type` widened for the control events (`refetch`).
 */
type LiveMessage = Partial<Omit<OrderEvent, "type" | "order">> & {
  type?: OrderEvent["type"] | "refetch" | "resync";
  order?: Partial<OrderEvent["order"]>;
};

const ORDER_TOASTS: Partial<Record<OrderEvent["type"], { verb: string; kind: "success" | "info" | "error" }>> = {
  "order.filled": { verb: "filled", kind: "success" },
  "order.completed": { verb: "completed", kind: "success" },
  "order.cancelled": { verb: "cancelled", kind: "info" },
  "order.expired": { verb: "expired", kind: "info" },
  "order.rejected": { verb: "rejected", kind: "error" },
};

export function describeEvent(e: LiveMessage): { text: string; kind: "success" | "info" | "error" } | null {
  const t = e.type && e.type !== "refetch" && e.type !== "resync" ? ORDER_TOASTS[e.type] : undefined;
  if (!t) return null;
  const o = e.order ?? {};
  const side = o.order_type?.endsWith("sell") ? "Sell" : o.order_type?.endsWith("buy") ? "Buy" : "Order";
  const what = o.asset_id ? ` ${formatQuantity(o.quantity)} ${o.asset_id}` : "";
  const at = e.type === "order.filled" && (o.filled_price ?? o.price) ? ` at ${formatPrice(o.filled_price ?? o.price)}` : "";
  return { text: `${side}${what} ${t.verb}${at}`, kind: t.kind };
}

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const { token, expire } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [status, setStatus] = useState<LiveStatus>("off");
  const lastId = useRef<string | undefined>(undefined);
  const seen = useRef(new Set<string>());
  // expire() changes with the location; the stream must not reconnect on every navigation.
  const expireRef = useRef(expire);
  expireRef.current = expire;

  useEffect(() => {
    if (!token) {
      setStatus("off");
      lastId.current = undefined;
      return;
    }
    const abort = new AbortController();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const handle = (raw: string, eventName: string) => {
      let e: LiveMessage;
      try {
        e = JSON.parse(raw) as LiveMessage;
      } catch {
        return;
      }
      const type = (e.type ?? eventName) as LiveMessage["type"]; // SSE event name: order, refetch
      if (type === "resync" || type === "refetch") {
        void queryClient.invalidateQueries();
        return;
      }
      const id = e.event_id;
      if (id) {
        if (seen.current.has(id)) return; // at-least-once delivery: show each event once
        seen.current.add(id);
        if (seen.current.size > 500) seen.current = new Set([...seen.current].slice(-250));
      }
      void queryClient.invalidateQueries({ queryKey: ["orders"] });
      void queryClient.invalidateQueries({ queryKey: ["balance"] });
      void queryClient.invalidateQueries({ queryKey: ["portfolio"] });
      void queryClient.invalidateQueries({ queryKey: ["ledger"] });
      void queryClient.invalidateQueries({ queryKey: ["asset-transactions"] });
      const d = describeEvent({ ...e, type });
      if (d) toast.show(d.text, d.kind);
    };

    const connect = async () => {
      setStatus(attempt === 0 ? "connecting" : "reconnecting");
      let unavailable = false;
      try {
        const headers: Record<string, string> = { Accept: "text/event-stream", Authorization: `Bearer ${token}` };
        if (lastId.current) headers["Last-Event-ID"] = lastId.current;
        const res = await fetch(`${API_BASE}/events`, { headers, signal: abort.signal, cache: "no-store" });
        if (res.status === 401) {
          expireRef.current("Your session has expired. Please log in again.");
          return;
        }
        if (!res.ok || !res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
          await res.body?.cancel();
          unavailable = res.status === 404 || res.status === 405 || res.status === 501;
          throw new Error(`events: HTTP ${res.status}`);
        }
        setStatus("live");
        attempt = 0;
        const parser = new SseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const m of parser.push(value)) {
            if (m.id) lastId.current = m.id;
            handle(m.data, m.event);
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      if (abort.signal.aborted) return;
      attempt++;
      setStatus(unavailable ? "unavailable" : "reconnecting");
      // Backoff with jitter; an endpoint that does not exist yet is retried every few minutes.
      const delay = unavailable ? 300_000 : Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2);
      timer = setTimeout(() => void connect(), delay);
    };
    void connect();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [token, queryClient, toast]);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}
