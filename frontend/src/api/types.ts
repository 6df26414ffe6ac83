// Shapes of the public API (/api/v1), taken from the client generated from the gateway's OpenAPI
// document (client/openapi.ts; a contract test keeps it equal to the live document), so a contract
// change breaks this build instead of drifting past it. Type-only: nothing of client/ is bundled.
// Money and quantities are decimal strings; catalog market figures are JSON numbers.
import type { components, operations } from "../../../client/openapi.ts";

type Schemas = components["schemas"];
/** The JSON body of an operation's success response. */
type Body<Op extends keyof operations, Status extends keyof operations[Op]["responses"]> =
  operations[Op]["responses"][Status] extends { content: { "application/json": infer B } } ? B : never;

export type Asset = Schemas["Asset"];
export type AssetDetail = Schemas["AssetDetail"];
export type AssetList = Body<"listAssets", 200>;
export type PricePoint = Schemas["PricePoint"];
export type PriceHistoryPage = Body<"getAssetPriceHistory", 200>;
export type Profile = Schemas["Profile"];
export type LoginResult = Body<"login", 200>;
export type Balance = Body<"getBalance", 200>;
export type FundsResult = Schemas["FundsResult"];
export type Portfolio = Body<"getPortfolio", 200>;
export type Holding = Portfolio["assets"][number];
export type AssetTransaction = Schemas["AssetTransaction"];
export type AssetTransactionPage = Body<"listAssetTransactions", 200>;
export type DeadLetter = Schemas["DeadLetter"];

export type LedgerEntry = Schemas["LedgerEntry"];
export type LedgerPage = Body<"listBalanceTransactions", 200>;

// From the order request's enum: the trade page builds one of these four values to send.
export type OrderType = NonNullable<operations["placeOrder"]["requestBody"]>["content"]["application/json"]["order_type"];
export type Order = Schemas["Order"];
export type OrderPage = Body<"listOrders", 200>;
/** One live event (SSE `data:` / WebSocket `data`) from GET /api/v1/events. */
export type OrderEvent = Schemas["OrderEvent"];

/** /app-config.json, answered by frontend/server.ts (not part of the public API). */
export interface AppConfig {
  max_order_value: string;
  daily_deposit_limit: string;
  daily_withdraw_limit: string;
}
