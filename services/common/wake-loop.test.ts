// The relay's wake loop driven by a fake clock: idle polls back off exponentially to the cap, a
// wake polls at once and resets the backoff, a wake during a pass runs one more pass right after,
// and busy passes keep the short period. Polls are counted, never timed.
import assert from "node:assert/strict";
import { createWakeLoop, nextDelay, type Timers } from "./wake-loop.ts";

/** A fake clock: timers fire only when the test advances time. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set(fn, ms) {
      pending.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clear: (h) => void pending.delete(h as number),
  };
  /** Move time forward, firing due timers in order (letting each pass's promise settle). */
  async function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      await settle();
      const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      pending.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = end;
    await settle();
  }
  return { timers, advance, delays: () => [...pending.values()].map((t) => t.at - now) };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("nextDelay: doubles while idle up to the cap, back to the minimum after work", () => {
  assert.equal(nextDelay(100, false, 200, 5000), 200);
  assert.equal(nextDelay(200, false, 200, 5000), 400);
  assert.equal(nextDelay(4000, false, 200, 5000), 5000);
  assert.equal(nextDelay(5000, false, 200, 5000), 5000);
  assert.equal(nextDelay(5000, true, 200, 5000), 200);
});

Deno.test("wake loop: an idle minute costs 16 polls instead of 300, each wake polls at once", async () => {
  const clock = fakeClock();
  let polls = 0;
  const loop = createWakeLoop({
    run: () => Promise.resolve((polls++, 0)),
    minMs: 200,
    maxMs: 5000,
    timers: clock.timers,
  });
  loop.start();
  await clock.advance(60_000);
  // 0, 200, 600, 1400, 3000, 6200, then every 5 s: 11,200 … 56,200 → 16 passes (a fixed 200 ms: 301).
  assert.equal(polls, 16);
  assert.equal(loop.currentDelay(), 5000);

  loop.wake();
  await clock.advance(0);
  assert.equal(polls, 17, "a wake polls without waiting for the timer");
  assert.deepEqual(clock.delays(), [200], "and resets the backoff");
  await loop.stop();
});

Deno.test("wake loop: busy passes keep the minimum period; a wake during a pass runs one more right after", async () => {
  const clock = fakeClock();
  let polls = 0;
  let release: (n: number) => void = () => {};
  const loop = createWakeLoop({
    run: () => new Promise<number>((r) => (polls++, release = r)),
    minMs: 200,
    maxMs: 5000,
    timers: clock.timers,
  });
  loop.start();
  assert.equal(polls, 1);
  loop.wake(); // during the pass: remembered, not a second concurrent pass
  loop.wake();
  assert.equal(polls, 1);
  release(3);
  await clock.advance(0);
  assert.equal(polls, 2, "exactly one more pass, at once");
  release(5); // it found work
  await clock.advance(0);
  assert.deepEqual(clock.delays(), [200], "after work: the minimum period");
  await clock.advance(200);
  assert.equal(polls, 3);
  release(0);
  await clock.advance(0);
  assert.deepEqual(clock.delays(), [400], "idle after work: the backoff starts doubling");
  await loop.stop();
});
