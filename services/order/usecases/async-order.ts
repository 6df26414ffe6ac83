// Async order intake (docs/events.md): accept now — an `accepted` placeholder holding the command,
// written with its idempotency record, then a pointer on the user's FIFO queue — and execute later,
// in the worker, with the SAME placeOrder use case under the id chosen here. A command executed
// twice has one effect: the order write is conditioned on the placeholder still being `accepted`.
import { DomainError, TRANSIENT_CODES } from "../../common/domain-error.ts";
import { newEventId } from "../../common/events.ts";
import { nowIso, sortableId } from "../../common/ids.ts";
import { noRecord, type RecordOutcome } from "../../common/idempotency.ts";
import { Big } from "../../common/money.ts";
import type { AcceptedOrderStore, AsyncCommand } from "../store/accepted-orders.ts";
import { AlreadySettled } from "../store/orders.ts";
import { placeOrder, type PlaceOrderInput, type PlaceOrderPorts } from "./place-order.ts";

export interface AsyncOrderPorts {
  accepted: Pick<AcceptedOrderStore, "accept" | "pending" | "reject">;
  intake: { enqueue(username: string, orderId: string): Promise<void> };
}

/** The 202 answer (also what an Idempotency-Key replays). */
export interface AcceptedAnswer {
  order_id: string;
  status: "accepted";
  correlation_id: string | null;
}

export async function acceptOrder(
  ports: AsyncOrderPorts,
  input: Omit<PlaceOrderInput, "orderId">,
  record: RecordOutcome<AcceptedAnswer> = noRecord,
): Promise<AcceptedAnswer> {
  const limit = input.orderType.startsWith("limit");
  const command: AsyncCommand = {
    username: input.username,
    orderId: sortableId("order"),
    orderType: input.orderType,
    assetId: input.assetId,
    quantity: input.quantity.toFixed(),
    price: limit ? input.limitPrice?.toFixed() ?? null : null,
    expiresAt: limit ? input.expiresAt ?? null : null,
    correlationId: input.correlationId,
    acceptedAt: nowIso(),
    eventId: newEventId(),
  };
  const answer: AcceptedAnswer = {
    order_id: command.orderId,
    status: "accepted",
    correlation_id: input.correlationId ?? null,
  };
  await ports.accepted.accept(command, record(answer));
  // The placeholder is the durable record: if this push is lost, the worker re-queues orders left
  // accepted (INTAKE_REQUEUE_MS), so the client's 202 stands either way.
  await ports.intake.enqueue(command.username, command.orderId).catch(() => {});
  return answer;
}

export type Execution = "executed" | "rejected" | "skipped";

/**
 * Execute one accepted order (the worker, per queue message). Business rejections settle it as
 * `rejected` with the problem; transient failures (contention, outages) throw so the caller retries
 * the same command before the user's next one.
 */
export async function executeAccepted(
  ports: AsyncOrderPorts & PlaceOrderPorts,
  ref: { username: string; orderId: string },
): Promise<Execution> {
  const c = await ports.accepted.pending(ref.username, ref.orderId);
  if (!c) return "skipped"; // executed or rejected already: a duplicate message
  try {
    await placeOrder(ports, {
      username: c.username,
      orderType: c.orderType,
      assetId: c.assetId,
      quantity: new Big(c.quantity),
      limitPrice: c.price ? new Big(c.price) : undefined,
      expiresAt: c.expiresAt ?? undefined,
      correlationId: c.correlationId,
      orderId: c.orderId,
    });
    return "executed";
  } catch (err) {
    if (err instanceof AlreadySettled) return "skipped";
    if (err instanceof DomainError && !TRANSIENT_CODES.has(err.code)) {
      return (await ports.accepted.reject(c, err.code, err.detail, newEventId())) ? "rejected" : "skipped";
    }
    throw err;
  }
}
