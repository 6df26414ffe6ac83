import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loginAs, problem, renderWithApp, stubApi } from "../test/render";
import { FundsForm } from "./FundsForm";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("deposit / withdraw form", () => {
  it("shows the daily limit and what was used today", () => {
    loginAs();
    stubApi({});
    renderWithApp(<FundsForm kind="withdraw" dailyLimit="5000" usedToday="1250.5" />);
    expect(screen.getByLabelText(/Amount to withdraw/)).toHaveAccessibleDescription(/Daily withdraw limit \$5,000\.00.*used today \$1,250\.50/);
  });

  it("sends the amount as an exact decimal string with an Idempotency-Key", async () => {
    loginAs();
    const { calls } = stubApi({
      "POST /api/v1/balance/deposit": {
        status: 201,
        body: { success: true, message: "Successfully deposited $100.10", transaction_id: "t1", amount: "100.10", timestamp: "" },
      },
    });
    renderWithApp(<FundsForm kind="deposit" dailyLimit="10000" />);
    await userEvent.type(screen.getByLabelText(/Amount to deposit/), "100.10");
    await userEvent.click(screen.getByRole("button", { name: "Deposit" }));
    await waitFor(() => expect(screen.getAllByText("Successfully deposited $100.10").length).toBeGreaterThan(0));
    expect(calls[0].body).toEqual({ amount: "100.10" });
    expect(calls[0].headers["Idempotency-Key"]).toMatch(/.{8,}/);
    expect(calls[0].headers.Authorization).toBe("Bearer test-token");
    expect(screen.getByLabelText(/Amount to deposit/)).toHaveValue("");
  });

  it("a retry of the same amount reuses the key (no double deposit)", async () => {
    loginAs();
    let n = 0;
    const { calls } = stubApi({
      "POST /api/v1/balance/deposit": () => (n++ === 0 ? problem(503, "DEPENDENCY_UNAVAILABLE", "A backing service is unavailable; please retry shortly") : {
        status: 201,
        body: { success: true, message: "Successfully deposited $5.00", transaction_id: "t1", amount: "5.00", timestamp: "" },
      }),
    });
    renderWithApp(<FundsForm kind="deposit" dailyLimit="10000" />);
    await userEvent.type(screen.getByLabelText(/Amount to deposit/), "5");
    await userEvent.click(screen.getByRole("button", { name: "Deposit" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("A backing service is unavailable");
    await userEvent.click(screen.getByRole("button", { name: "Deposit" }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].headers["Idempotency-Key"]).toBe(calls[0].headers["Idempotency-Key"]);
  });

  it("puts an amount error under the amount field", async () => {
    loginAs();
    stubApi({
      "POST /api/v1/balance/withdraw": problem(422, "VALIDATION_ERROR", "amount: Amount must have at most 2 decimal places", [
        { field: "amount", message: "Amount must have at most 2 decimal places" },
      ]),
    });
    renderWithApp(<FundsForm kind="withdraw" dailyLimit="5000" />);
    await userEvent.type(screen.getByLabelText(/Amount to withdraw/), "1.234");
    await userEvent.click(screen.getByRole("button", { name: "Withdraw" }));
    await waitFor(() => expect(screen.getByLabelText(/Amount to withdraw/)).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByLabelText(/Amount to withdraw/)).toHaveAccessibleDescription(/at most 2 decimal places/);
  });

  it("a daily-limit refusal shows the API's sentence", async () => {
    loginAs();
    stubApi({
      "POST /api/v1/balance/deposit": problem(422, "DAILY_LIMIT_EXCEEDED", "Daily deposit limit exceeded. Limit: $10,000.00, Already deposited today: $9,000.00, Requested: $2,000.00. Try again tomorrow."),
    });
    renderWithApp(<FundsForm kind="deposit" dailyLimit="10000" />);
    await userEvent.type(screen.getByLabelText(/Amount to deposit/), "2000");
    await userEvent.click(screen.getByRole("button", { name: "Deposit" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Daily deposit limit exceeded. Limit: $10,000.00");
  });
});
