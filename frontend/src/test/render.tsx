// Test harness: the real providers around a component, and a fetch stub answering by route.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { vi } from "vitest";
import { ToastProvider } from "../components/Toasts";
import { SessionProvider } from "../lib/session";

export interface StubCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: StubCall) => { status?: number; body?: unknown; contentType?: string } | undefined;

/** Stub global fetch: `routes` maps "METHOD /path" (query ignored) to a handler or a fixed answer. */
export function stubApi(routes: Record<string, Handler | { status?: number; body?: unknown }>) {
  const calls: StubCall[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const call = { method, path: url.pathname, headers, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    const answer = typeof route === "function" ? route(call) : route;
    if (!answer) return new Response(JSON.stringify({ status: 404, code: "ROUTE_NOT_FOUND", detail: `no stub for ${method} ${url.pathname}` }), { status: 404 });
    return new Response(answer.body === undefined ? "" : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { "content-type": (answer as { contentType?: string }).contentType ?? "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}

export function LocationProbe() {
  const l = useLocation();
  return <div data-testid="location">{l.pathname}</div>;
}

export function renderWithApp(ui: ReactElement, opts: { route?: string; path?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[opts.route ?? "/"]}>
        <ToastProvider>
          <SessionProvider>
            <Routes>
              <Route path={opts.path ?? "*"} element={ui} />
              <Route path="*" element={<LocationProbe />} />
            </Routes>
            <LocationProbe />
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Pretend to be logged in (the session reads localStorage). */
export function loginAs(username = "trader_one") {
  localStorage.setItem("op.session", JSON.stringify({ token: "test-token", username, expiresAt: Date.now() + 3_600_000 }));
}

export const problem = (status: number, code: string, detail: string, errors?: { field: string; message: string }[]) => ({
  status,
  body: { type: `https://order-processor.dev/problems/${code.toLowerCase()}`, title: "Error", status, detail, code, request_id: "req-123", ...(errors ? { errors } : {}) },
});
