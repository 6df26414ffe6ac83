// Order service configuration (validated once at start).
import { z } from "zod";
import { baseConfigShape, loadConfig } from "../common/config.ts";

export const orderConfigShape = {
  ...baseConfigShape,
  PORT: z.coerce.number().int().min(1).max(65535).default(8002),
  MAX_ORDER_VALUE: z.string().regex(/^\d+(\.\d{1,2})?$/, "must be a USD amount").default("10000"),
  // How long an order waits for the per-user lock before answering 409 (never 5xx). Below the
  // gateway's route timeout (TIMEOUT_DEFAULT_MS, 10 s): a long queue on one account must answer 409 +
  // Retry-After, not a 504 that also counts against the breaker for everyone (scripts/load.sh).
  LOCK_WAIT_MS: z.coerce.number().int().min(0).default(8000),
  IDEMPOTENCY_WAIT_MS: z.coerce.number().int().min(0).default(5000),
  OUTBOX_SHARDS: z.coerce.number().int().min(1).max(64).default(8),
  // Async order commands: partition streams by user (each user's commands FIFO in one of them).
  INTAKE_PARTITIONS: z.coerce.number().int().min(1).max(64).default(8),
};

export const loadOrderConfig = (env?: Record<string, string | undefined>) =>
  loadConfig(orderConfigShape, env);
export type OrderConfig = ReturnType<typeof loadOrderConfig>;

/** The order worker: the order settings plus its own port and sweep period. */
export const workerConfigShape = {
  ...orderConfigShape,
  PORT: z.coerce.number().int().min(1).max(65535).default(8003),
  // Every sweep expires due orders and re-matches every asset: what a missed price event or a
  // restart left behind is settled within one period.
  WORKER_SWEEP_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  // Fills of different users run in parallel (one user's are sequential: they share a balance item).
  WORKER_FILL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  // Event pipeline (docs/events.md): relay poll period, partition streams and their caps, consumers.
  RELAY_POLL_MS: z.coerce.number().int().min(10).max(10000).default(200),
  // Idle relays double their poll period up to this; commits wake them at once (docs/events.md).
  RELAY_IDLE_MAX_MS: z.coerce.number().int().min(10).max(60000).default(5000),
  EVENT_PARTITIONS: z.coerce.number().int().min(1).max(64).default(8),
  EVENT_STREAM_MAXLEN: z.coerce.number().int().min(100).default(100000),
  USER_EVENTS_MAXLEN: z.coerce.number().int().min(10).default(1000),
  EVENT_MAX_DELIVERIES: z.coerce.number().int().min(1).max(100).default(5),
  EVENT_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30000),
  // Async orders still `accepted` this long after intake are re-queued (a lost queue entry).
  INTAKE_REQUEUE_MS: z.coerce.number().int().min(1000).default(60000),
};

export const loadWorkerConfig = (env?: Record<string, string | undefined>) =>
  loadConfig(workerConfigShape, env);
export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;
