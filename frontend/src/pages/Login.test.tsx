import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loginAs, problem, renderWithApp, stubApi } from "../test/render";
import { Login } from "./Login";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("login form", () => {
  it("logs in, stores the session and goes to the portfolio", async () => {
    const { calls } = stubApi({
      "POST /api/v1/auth/login": { body: { access_token: "jwt-1", token_type: "bearer", expires_in: 3600 } },
    });
    renderWithApp(<Login />, { route: "/login", path: "/login" });
    await userEvent.type(screen.getByLabelText(/Username/), "Trader_One");
    await userEvent.type(screen.getByLabelText(/Password/), "TestPassword123!");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(screen.getAllByTestId("location").at(-1)).toHaveTextContent("/portfolio"));
    expect(calls[0].body).toEqual({ username: "Trader_One", password: "TestPassword123!" });
    expect(JSON.parse(localStorage.getItem("op.session")!).token).toBe("jwt-1");
  });

  it("shows a wrong-password problem as a sentence", async () => {
    stubApi({ "POST /api/v1/auth/login": problem(401, "INVALID_CREDENTIALS", "Invalid username or password") });
    renderWithApp(<Login />, { route: "/login", path: "/login" });
    await userEvent.type(screen.getByLabelText(/Username/), "trader_one");
    await userEvent.type(screen.getByLabelText(/Password/), "WrongPassword1!");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Invalid username or password");
    expect(localStorage.getItem("op.session")).toBeNull();
  });

  it("puts a validation error next to the field it names", async () => {
    stubApi({
      "POST /api/v1/auth/login": problem(422, "VALIDATION_ERROR", "username: Username must be 6-30 characters", [
        { field: "username", message: "Username must be 6-30 characters" },
      ]),
    });
    renderWithApp(<Login />, { route: "/login", path: "/login" });
    await userEvent.type(screen.getByLabelText(/Username/), "abc");
    await userEvent.type(screen.getByLabelText(/Password/), "TestPassword123!");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    const username = screen.getByLabelText(/Username/);
    await waitFor(() => expect(username).toHaveAttribute("aria-invalid", "true"));
    expect(username).toHaveAccessibleDescription("Username must be 6-30 characters");
    expect(screen.queryByRole("alert")).toBeNull(); // not repeated at form level
  });

  it("a logged-in visitor is sent on", () => {
    loginAs();
    stubApi({});
    renderWithApp(<Login />, { route: "/login", path: "/login" });
    expect(screen.getAllByTestId("location").at(-1)).toHaveTextContent("/portfolio");
  });
});
