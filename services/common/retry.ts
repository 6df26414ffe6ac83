// Retry policies, all through cockatiel (decorrelated-jitter exponential backoff), so every
// "try again" in the codebase has the same shape and can be tuned in one place.
import { ExponentialBackoff, handleWhen, handleWhenResult, retry } from "cockatiel";

export interface Backoff {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const backoff = (b: Backoff) =>
  new ExponentialBackoff({ initialDelay: b.initialDelayMs, maxDelay: b.maxDelayMs });

/** Retry while `fn` throws an error `when` accepts; the last error propagates. */
export function retryOnError<T>(
  when: (err: unknown) => boolean,
  b: Backoff,
  fn: () => Promise<T>,
): Promise<T> {
  return retry(handleWhen(when), { maxAttempts: b.maxAttempts - 1, backoff: backoff(b) }).execute(fn);
}

/** Poll `fn` until `done(result)` or `deadline` (epoch ms); returns the last result either way. */
export function pollUntil<T>(
  done: (r: T) => boolean,
  deadline: number,
  b: Omit<Backoff, "maxAttempts">,
  fn: () => Promise<T>,
): Promise<T> {
  const policy = retry(handleWhenResult((r) => !done(r as T) && Date.now() < deadline), {
    maxAttempts: Number.MAX_SAFE_INTEGER,
    backoff: backoff({ ...b, maxAttempts: 0 }),
  });
  return policy.execute(fn);
}
