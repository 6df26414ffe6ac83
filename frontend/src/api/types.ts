// Shapes of the public API (/api/v1) as the services send them. Money and quantities are decimal
// strings; catalog market figures are JSON numbers (exact up to 15 significant digits).

export interface Asset {
  asset_id: string;
  name: string;
  description: string | null;
  category: string;
  price_usd: number;
  is_active: boolean;
  symbol: string;
  image: string | null;
  market_cap_rank: number | null;
  price_change_percentage_24h: number | null;
  market_cap: number | null;
  total_volume_24h: number | null;
}

export interface AssetDetail extends Asset {
  availability_status: "available" | "unavailable";
  price_change_24h: number | null;
  price_change_percentage_7d: number | null;
  price_change_percentage_30d: number | null;
  high_24h: number | null;
  low_24h: number | null;
  circulating_supply: number | null;
  total_supply: number | null;
  max_supply: number | null;
  ath: number | null;
  ath_change_percentage: number | null;
  ath_date: string | null;
  atl: number | null;
  atl_change_percentage: number | null;
  atl_date: string | null;
  last_updated: string;
}

export interface AssetList {
  data: Asset[];
  total_count: number;
  active_count: number;
}

export interface PricePoint {
  price_usd: number;
  previous_price_usd: number | null;
  source: string;
  timestamp: string;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface Profile {
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  date_of_birth: string | null;
  marketing_emails_consent: boolean;
  role: string;
  created_at: string;
  updated_at: string;
}

export interface LoginResult {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
}

export interface Balance {
  current_balance: string;
  available_balance?: string;
  held_balance?: string;
  updated_at: string;
}

export interface FundsResult {
  success: boolean;
  message: string;
  transaction_id: string;
  amount: string;
  timestamp: string;
}

export interface LedgerEntry {
  transaction_id: string;
  transaction_type: string;
  amount: string;
  status: string;
  description?: string;
  reference_id?: string;
  created_at: string;
}

export interface LedgerPage {
  transactions: LedgerEntry[];
  total_count: number;
  has_more: boolean;
  next_cursor: string | null;
}

export interface Holding {
  asset_id: string;
  asset_name: string;
  quantity: string;
  available_quantity?: string;
  held_quantity?: string;
  current_price: string;
  market_value: string;
  percentage: string;
}

export interface Portfolio {
  assets: Holding[];
  cash_balance?: string;
  cash_percentage?: string;
  total_market_value?: string;
  total_value?: string;
}

export type OrderType = "market_buy" | "market_sell" | "limit_buy" | "limit_sell";
export type OrderStatus = "pending" | "completed" | "filled" | "cancelled" | "expired" | "failed" | "accepted" | "rejected";

export interface Order {
  order_id: string;
  order_type: OrderType;
  asset_id: string;
  quantity: string;
  price: string;
  status: OrderStatus | string;
  total_amount: string;
  created_at: string;
  // Limit orders (issue 9's contract); absent on today's market orders.
  limit_price?: string | null;
  filled_price?: string | null;
  filled_at?: string | null;
  expires_at?: string | null;
}

export interface AssetTransaction {
  asset_id: string;
  transaction_type: "BUY" | "SELL" | string;
  quantity: string;
  price: string;
  status: string;
  timestamp: string;
  order_id?: string;
}

/** A dead letter as the admin route lists it (issue 10's contract). */
export interface DeadLetter {
  id: string;
  event_id?: string;
  type?: string;
  error?: string;
  delivery_count?: number;
  failed_at?: string;
  [extra: string]: unknown;
}

export interface AppConfig {
  max_order_value: string;
  daily_deposit_limit: string;
  daily_withdraw_limit: string;
}
