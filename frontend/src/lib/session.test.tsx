import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter, Route, Routes } from "react-router";
import { fetchers } from "../api/queries";
import { ToastProvider } from "../components/Toasts";
import { Login } from "../pages/Login";
import { loginAs, problem, stubApi } from "../test/render";
import { SessionProvider, useSession } from "./session";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

function BalancePage() {
  const q = useQuery({ queryKey: ["balance"], queryFn: fetchers.balance });
  const { logout } = useSession();
  return (
    <div>
      <h1>Account</h1>
      {q.data && <p>{q.data.current_balance}</p>}
      <button type="button" onClick={() => void logout()}>Log out</button>
    </div>
  );
}

function app() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/account"]}>
        <ToastProvider>
          <SessionProvider>
            <Routes>
              <Route path="/account" element={<BalancePage />} />
              <Route path="/login" element={<Login />} />
            </Routes>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("session", () => {
  it("any 401 on an authenticated call → login page with a message, token gone", async () => {
    loginAs();
    const { calls } = stubApi({ "GET /api/v1/balance": problem(401, "TOKEN_EXPIRED", "Token has expired") });
    app();
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(screen.getByText("Your session has expired. Please log in again.")).toBeInTheDocument();
    expect(localStorage.getItem("op.session")).toBeNull();
    expect(calls[0].headers.Authorization).toBe("Bearer test-token"); // the very first call had the token
  });

  it("logout revokes the token at the API, then shows the login page", async () => {
    loginAs();
    const { calls } = stubApi({
      "GET /api/v1/balance": { body: { current_balance: "12.00", updated_at: "" } },
      "POST /api/v1/auth/logout": { body: { message: "Logged out successfully" } },
    });
    app();
    expect(await screen.findByText("12.00")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Log out" }));
    expect(await screen.findByText("You have been logged out.")).toBeInTheDocument();
    const logout = calls.find((c) => c.path === "/api/v1/auth/logout")!;
    expect(logout.method).toBe("POST");
    expect(logout.headers.Authorization).toBe("Bearer test-token");
    expect(logout.body).toEqual({});
    await waitFor(() => expect(localStorage.getItem("op.session")).toBeNull());
  });
});
