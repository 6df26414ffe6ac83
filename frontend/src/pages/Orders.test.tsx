import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loginAs, problem, renderWithApp, stubApi } from "../test/render";
import Orders from "./Orders";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const pending = {
  order_id: "order_limit_0002",
  order_type: "limit_sell",
  asset_id: "BTC",
  quantity: "0.05",
  price: "60000",
  status: "pending",
  total_amount: "3000.00",
  created_at: "2026-01-01T00:00:00Z",
  limit_price: "60000",
  filled_price: null,
  expires_at: null,
};

describe("open orders", () => {
  it("cancels a pending order after confirmation", async () => {
    loginAs();
    let cancelled = false;
    const { calls } = stubApi({
      "GET /api/v1/orders": () => ({ body: { data: cancelled ? [] : [pending], has_more: false, next_cursor: null } }),
      "DELETE /api/v1/orders/order_limit_0002": () => {
        cancelled = true;
        return { body: { data: { ...pending, status: "cancelled" } } };
      },
    });
    renderWithApp(<Orders />, { route: "/orders", path: "/orders" });
    const row = await screen.findByTestId("order-order_limit_0002");
    expect(row).toHaveTextContent("Limit sell");
    expect(row).toHaveTextContent("$60,000.00");
    await userEvent.click(within(row).getByRole("button", { name: "Cancel order order_limit_0002" }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel order", hidden: true }));
    expect(await screen.findByText("Order for 0.05 BTC cancelled")).toBeInTheDocument();
    expect(await screen.findByText(/You have no open orders/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE")).toBe(true);
  });

  it("a cancel the API refuses shows its detail", async () => {
    loginAs();
    stubApi({
      "GET /api/v1/orders": { body: { data: [pending], has_more: false, next_cursor: null } },
      "DELETE /api/v1/orders/order_limit_0002": problem(409, "ORDER_NOT_CANCELLABLE", "Order order_limit_0002 is filled and can no longer be cancelled"),
    });
    renderWithApp(<Orders />, { route: "/orders", path: "/orders" });
    const row = await screen.findByTestId("order-order_limit_0002");
    await userEvent.click(within(row).getByRole("button", { name: "Cancel order order_limit_0002" }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel order", hidden: true }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The order was not cancelled");
    expect(alert).toHaveTextContent("is filled and can no longer be cancelled");
  });
});
