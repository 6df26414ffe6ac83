// The generated typed client (client/mod.ts) pointed at the test stack's gateway, recording its
// answers like helpers.call does so the conformance check sees them too.
import assert from "node:assert/strict";
import { type ApiClient, createApiClient } from "../client/mod.ts";
import { GATEWAY_URL, PASSWORD, recordResponse, uniqueName } from "./helpers.ts";

export function apiClient(token?: string): ApiClient {
  if (!GATEWAY_URL) throw new Error("GATEWAY_URL is not set (scripts/test.sh sets it)");
  return createApiClient({
    baseUrl: GATEWAY_URL,
    token,
    middleware: [{
      async onResponse({ request, response }) {
        const text = await response.clone().text();
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch { /* not JSON */ }
        recordResponse(request.method, request.url, response, body);
        return response;
      },
    }],
  });
}

/** Register and log in a fresh customer with the typed client; returns a client carrying its token. */
export async function clientUser(): Promise<{ username: string; token: string; api: ApiClient }> {
  const username = uniqueName("cli");
  const anon = apiClient();
  const reg = await anon.POST("/api/v1/auth/register", {
    body: {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
      first_name: "Typed",
      last_name: "Client",
    },
  });
  assert.equal(reg.response.status, 201, JSON.stringify(reg.error));
  const login = await anon.POST("/api/v1/auth/login", { body: { username, password: PASSWORD } });
  assert.ok(login.data, JSON.stringify(login.error));
  return { username, token: login.data.access_token, api: apiClient(login.data.access_token) };
}
