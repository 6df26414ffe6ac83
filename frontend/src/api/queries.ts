// Query keys and fetchers in one place, so a mutation or a live event can refresh exactly the
// data it changed (invalidate by key prefix).
import { api } from "./client";
import type {
  AppConfig,
  AssetDetail,
  AssetList,
  AssetTransactionPage,
  Balance,
  LedgerPage,
  OrderPage,
  Portfolio,
  PriceHistoryPage,
  Profile,
} from "./types";

export const keys = {
  assets: (activeOnly: boolean) => ["assets", { activeOnly }] as const,
  asset: (id: string) => ["assets", "detail", id] as const,
  priceHistory: (id: string) => ["assets", "history", id] as const,
  profile: ["profile"] as const,
  balance: ["balance"] as const,
  ledger: (cursor: string | null) => ["ledger", cursor] as const,
  portfolio: ["portfolio"] as const,
  orders: (filter: { status?: string; cursor?: string | null; limit?: number }) => ["orders", filter] as const,
  assetTransactions: (id: string, cursor: string | null) => ["asset-transactions", id, cursor] as const,
  deadLetters: ["dead-letters"] as const,
  config: ["app-config"] as const,
};

const q = (params: Record<string, string | number | boolean | null | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : "";
};

export const fetchers = {
  assets: (activeOnly: boolean) => api<AssetList>(`/inventory/assets${q({ active_only: activeOnly, limit: 250 })}`),
  asset: (id: string) => api<{ data: AssetDetail }>(`/inventory/assets/${encodeURIComponent(id)}`).then((r) => r.data),
  priceHistory: (id: string) =>
    api<PriceHistoryPage>(`/inventory/assets/${encodeURIComponent(id)}/price-history${q({ limit: 500 })}`),
  profile: () => api<Profile>("/auth/profile"),
  balance: () => api<Balance>("/balance"),
  ledger: (cursor: string | null, limit = 20) => api<LedgerPage>(`/balance/transactions${q({ limit, cursor })}`),
  portfolio: () => api<Portfolio>("/portfolio"),
  orders: (f: { status?: string; cursor?: string | null; limit?: number }) =>
    api<OrderPage>(`/orders${q({ status: f.status, cursor: f.cursor, limit: f.limit ?? 20 })}`),
  assetTransactions: (id: string, cursor: string | null) =>
    api<AssetTransactionPage>(`/assets/${encodeURIComponent(id)}/transactions${q({ limit: 20, cursor })}`),
  config: async (): Promise<AppConfig> => {
    const fallback = { max_order_value: "10000", daily_deposit_limit: "10000", daily_withdraw_limit: "5000" };
    try {
      const r = await fetch("/app-config.json", { headers: { Accept: "application/json" } });
      return r.ok ? { ...fallback, ...(await r.json()) } : fallback;
    } catch {
      return fallback;
    }
  },
};
