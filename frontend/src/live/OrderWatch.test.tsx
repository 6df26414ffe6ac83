import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loginAs, renderWithApp, stubApi } from "../test/render";
import { OrderWatch } from "./OrderWatch";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const pending = {
  order_id: "order_limit_0001",
  order_type: "limit_buy",
  asset_id: "ETH",
  quantity: "0.1",
  price: "2900",
  status: "pending",
  total_amount: "290.00",
  created_at: "2026-01-01T00:00:00Z",
  limit_price: "2900",
  filled_price: null,
};

describe("order outcome watcher (no live stream)", () => {
  it("announces an order that left the open list with its final state", async () => {
    loginAs();
    let polls = 0;
    stubApi({
      "GET /api/v1/orders": () => ({ body: { data: polls++ < 2 ? [pending] : [], has_more: false, next_cursor: null } }),
      "GET /api/v1/orders/order_limit_0001": {
        body: { data: { ...pending, status: "filled", filled_price: "2850", total_amount: "285.00" } },
      },
    });
    renderWithApp(<OrderWatch pollMs={20} />);
    expect(await screen.findByText("Buy 0.1 ETH filled at $2,850.00", {}, { timeout: 5000 })).toBeInTheDocument();
  });

  it("stays quiet for orders that are still open", async () => {
    loginAs();
    const { calls } = stubApi({
      "GET /api/v1/orders": { body: { data: [pending], has_more: false, next_cursor: null } },
    });
    renderWithApp(<OrderWatch pollMs={20} />);
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(3), { timeout: 5000 });
    expect(calls.every((c) => c.path === "/api/v1/orders")).toBe(true);
    expect(screen.queryByTestId("toast")).toBeNull();
  });
});
