import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeadLetter } from "../api/types";
import { loginAs, renderWithApp, stubApi } from "../test/render";
import AdminDeadLetters from "./AdminDeadLetters";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

// As GET /admin/events/dead-letters sends it (services/order/routes/dead-letters.ts).
const letter: DeadLetter = {
  id: "1732800000000-0",
  stream: "events:p3",
  message_id: "1732799990000-0",
  group: "notifications",
  error: "handler failed: feed unavailable",
  deliveries: 5,
  dead_at: "2026-11-28T12:00:00.000Z",
  fields: { event_id: "evt_0mx0v8t36f621340c05", type: "order.filled", username: "trader_one" },
};

describe("dead letters", () => {
  it("shows each letter's event, type, error and deliveries, and redrives it by its entry id", async () => {
    loginAs("admin_one");
    const { calls } = stubApi({
      "GET /api/v1/admin/events/dead-letters": { body: { data: [letter], total_count: 1 } },
      "POST /api/v1/admin/events/dead-letters/1732800000000-0/redrive": { body: { redriven: 1 } },
    });
    renderWithApp(<AdminDeadLetters />, { route: "/admin/dead-letters", path: "/admin/dead-letters" });
    const table = await screen.findByRole("table");
    const row = within(table).getAllByRole("row")[1];
    expect(row).toHaveTextContent("evt_0mx0v8t36f621340c05");
    expect(row).toHaveTextContent("order.filled");
    expect(row).toHaveTextContent("handler failed: feed unavailable");
    expect(within(row).getAllByRole("cell")[3]).toHaveTextContent(/^5$/);
    expect(row).toHaveTextContent(new Date(letter.dead_at).toLocaleString());
    await userEvent.click(within(row).getByRole("button", { name: "Redrive event evt_0mx0v8t36f621340c05" }));
    expect(await screen.findByText("Event 1732800000000-0 sent back for processing")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST" && c.path.endsWith("/1732800000000-0/redrive"))).toBe(true);
  });
});
