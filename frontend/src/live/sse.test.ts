import { describe, expect, it } from "vitest";
import { describeEvent } from "./useLiveEvents";
import { SseParser } from "./sse";

describe("SSE parsing", () => {
  it("splits events across chunks, keeps ids, skips heartbeats", () => {
    const p = new SseParser();
    expect(p.push(": heartbeat\n\nid: 1-0\nevent: order.filled\ndata: {\"a\":")).toEqual([]);
    const out = p.push("1}\n\nid: 2-0\ndata: line1\ndata: line2\r\n\r\n");
    expect(out).toEqual([
      { id: "1-0", event: "order.filled", data: "{\"a\":1}" },
      { id: "2-0", event: "message", data: "line1\nline2" },
    ]);
    expect(p.lastEventId).toBe("2-0");
  });

  it("describes order events for toasts", () => {
    expect(describeEvent({ type: "order.filled", order: { order_type: "limit_buy", asset_id: "BTC", quantity: "0.01", filled_price: "45000" } }))
      .toEqual({ text: "Buy 0.01 BTC filled at $45,000.00", kind: "success" });
    expect(describeEvent({ type: "order.cancelled", order: { order_type: "limit_sell", asset_id: "ETH", quantity: "1" } })?.text)
      .toBe("Sell 1 ETH cancelled");
    expect(describeEvent({ type: "balance.changed" })).toBeNull();
  });
});
