// Typed client of the public API (through the gateway), generated from its OpenAPI document:
// `paths` in ./openapi.ts comes from openapi-typescript, the calls from openapi-fetch. A route
// whose contract changes changes these types, so callers stop compiling instead of failing at run time.
//
//   import { createApiClient } from "../client/mod.ts";
//   const api = createApiClient({ baseUrl: "http://127.0.0.1:8080", token: () => session.token });
//   const { data, error } = await api.POST("/api/v1/orders", {
//     body: { order_type: "market_buy", asset_id: "BTC", quantity: 0.01 },
//   });
//   if (error) console.log(error.code, error.detail); else console.log(data.data.order_id);
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./openapi.ts";

export type { components, operations, paths };
export type Problem = components["schemas"]["Problem"];
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Origin of the gateway, e.g. `http://127.0.0.1:8080`; "" in a browser served behind the same origin. */
  baseUrl: string;
  /** Access token (or a function returning the current one) sent as `Authorization: Bearer`. */
  token?: string | (() => string | undefined);
  fetch?: typeof globalThis.fetch;
  /** Extra middleware (logging, recording, retries). */
  middleware?: Middleware[];
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: opts.baseUrl, fetch: opts.fetch });
  if (opts.token !== undefined) {
    const token = opts.token;
    client.use({
      onRequest({ request }) {
        const value = typeof token === "function" ? token() : token;
        if (value && !request.headers.has("Authorization")) {
          request.headers.set("Authorization", `Bearer ${value}`);
        }
        return request;
      },
    });
  }
  for (const m of opts.middleware ?? []) client.use(m);
  return client;
}
