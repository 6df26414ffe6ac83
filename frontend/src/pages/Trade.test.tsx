import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loginAs, problem, renderWithApp, stubApi } from "../test/render";
import Trade from "./Trade";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const asset = (id: string, name: string, price: number) => ({
  asset_id: id, name, description: null, category: "x", price_usd: price, is_active: true, symbol: id, image: null,
  market_cap_rank: 1, price_change_percentage_24h: 1, market_cap: 1, total_volume_24h: 1,
});

function stack(orderAnswer: Parameters<typeof stubApi>[0][string]) {
  return stubApi({
    "GET /api/v1/inventory/assets": { body: { data: [asset("BTC", "Bitcoin", 50000), asset("ETH", "Ethereum", 3000)], total_count: 2, active_count: 2 } },
    "GET /api/v1/balance": { body: { current_balance: "6000.00", available_balance: "6000.00", held_balance: "0.00", updated_at: "" } },
    "GET /api/v1/portfolio": { body: { assets: [], cash_balance: "6000.00", total_value: "6000.00" } },
    "GET /api/v1/orders": { body: { data: [], has_more: false, next_cursor: null } },
    "POST /api/v1/orders": orderAnswer,
  });
}

describe("trade form", () => {
  it("previews a market buy, asks for confirmation and shows the outcome", async () => {
    loginAs();
    const { calls } = stack({
      status: 201,
      body: { data: { order_id: "order_abc123def456", order_type: "market_buy", asset_id: "BTC", quantity: "0.1", price: "50000", status: "completed", total_amount: "5000.00", created_at: "2026-01-01T00:00:00Z" } },
    });
    renderWithApp(<Trade />, { route: "/trade?asset=BTC", path: "/trade" });
    await screen.findByRole("option", { name: /Bitcoin/ });
    await userEvent.type(screen.getByLabelText(/Quantity/), "0.1");
    expect(screen.getByTestId("preview-total")).toHaveTextContent("$5,000.00");
    expect(screen.getByTestId("preview-cash-after")).toHaveTextContent("$1,000.00");
    expect(screen.getByTestId("preview-quantity-after")).toHaveTextContent("0.1");
    await userEvent.click(screen.getByRole("button", { name: "Review buy order" }));
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect(within(dialog).getByTestId("confirm-total")).toHaveTextContent("$5,000.00");
    await userEvent.click(within(dialog).getByRole("button", { name: "Place buy order", hidden: true }));
    expect(await screen.findByTestId("order-outcome")).toHaveTextContent("Order completed");
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.body).toEqual({ order_type: "market_buy", asset_id: "BTC", quantity: "0.1", price: null });
    expect(post.headers["Idempotency-Key"]).toBeTruthy();
  });

  it("warns about the $10,000 cap and won't review the order", async () => {
    loginAs();
    stack(undefined as never);
    renderWithApp(<Trade />, { route: "/trade?asset=BTC", path: "/trade" });
    await screen.findByRole("option", { name: /Bitcoin/ });
    await userEvent.type(screen.getByLabelText(/Quantity/), "0.3");
    expect(screen.getByTestId("cap-warning")).toHaveTextContent("exceeds the maximum of $10,000.00");
    expect(screen.getByRole("button", { name: "Review buy order" })).toBeDisabled();
  });

  it("a limit order the server refuses shows its detail", async () => {
    loginAs();
    stack(problem(422, "LIMIT_ORDERS_UNSUPPORTED", "Limit orders are not available yet; use market_buy or market_sell", [
      { field: "order_type", message: "limit orders are not available yet" },
    ]));
    renderWithApp(<Trade />, { route: "/trade?asset=ETH", path: "/trade" });
    await screen.findByRole("option", { name: /Ethereum/ });
    await userEvent.click(screen.getByLabelText("Limit"));
    await userEvent.type(screen.getByLabelText(/Quantity/), "1");
    await userEvent.type(screen.getByLabelText(/Limit price/), "2500");
    expect(screen.getByTestId("preview-total")).toHaveTextContent("$2,500.00");
    await userEvent.click(screen.getByRole("button", { name: "Review buy order" }));
    await userEvent.click(screen.getByRole("button", { name: "Place buy order", hidden: true }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Limit orders are not available yet"));
  });
});
