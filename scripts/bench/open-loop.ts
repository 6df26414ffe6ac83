// An open-model load generator (fixed arrival rate): request i is due at start + i / rate and is
// sent then whether or not earlier ones have answered, so a slow server cannot slow the offered
// load down (no coordinated omission). Latency counts from the due time. Bounded by count, by an
// in-flight cap and by a per-request timeout.
export interface Sample {
  status: number; // 0 = no answer (refused, reset, timed out) or not sent (in-flight cap)
  ms: number;
  code?: string;
  label: string;
  /** A 429/503 without Retry-After (a client could not know when to come back). */
  noRetryAfter?: boolean;
}
export interface Shot {
  label: string;
  url: string;
  init: RequestInit;
}

/** Send `count` requests at `rate(i)` per second; `shot(i)` builds request i. */
export async function openLoop(opts: {
  count: number;
  rate: (elapsedS: number) => number;
  shot: (i: number) => Shot;
  maxInFlight?: number;
  timeoutMs?: number;
}): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let due = start;
  for (let i = 0; i < opts.count; i++) {
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const s = opts.shot(i);
    const at = due;
    if (inFlight.size >= (opts.maxInFlight ?? 2000)) samples.push({ status: 0, ms: NaN, label: s.label });
    else {
      const p: Promise<void> = fire(s, at, opts.timeoutMs ?? 30_000).then((x) => {
        samples.push(x);
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    due += 1000 / opts.rate((due - start) / 1000);
  }
  await Promise.all(inFlight);
  return { samples, seconds: (performance.now() - start) / 1000 };
}

async function fire(s: Shot, due: number, timeoutMs: number): Promise<Sample> {
  try {
    const r = await fetch(s.url, { ...s.init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await r.text();
    let code: string | undefined;
    if (r.status >= 400) {
      try {
        code = JSON.parse(text).code;
      } catch { /* not JSON */ }
    }
    const noRetryAfter = [429, 503].includes(r.status) && !r.headers.has("retry-after");
    return { status: r.status, ms: performance.now() - due, code, label: s.label, noRetryAfter };
  } catch {
    return { status: 0, ms: performance.now() - due, label: s.label };
  }
}

export const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
