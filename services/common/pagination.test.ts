import assert from "node:assert/strict";
import { DomainError } from "./domain-error.ts";
import { httpAnswer } from "./http-errors.ts";
import { decodeCursor, encodeCursor } from "./pagination.ts";
import { sortableId } from "./ids.ts";

Deno.test("cursor round-trips and rejects foreign prefixes or garbage with 422", () => {
  const sk = `TXN#${sortableId("txn")}`;
  assert.equal(decodeCursor(encodeCursor(sk), "TXN#"), sk);
  for (const bad of [encodeCursor("ORDER#x"), "%%%", "a"]) {
    assert.throws(
      () => decodeCursor(bad, "TXN#"),
      (e: unknown) => e instanceof DomainError && httpAnswer(e).status === 422,
    );
  }
});

Deno.test("sortable ids sort by creation time", () => {
  const a = sortableId("order", 1_700_000_000_000);
  const b = sortableId("order", 1_700_000_000_001);
  assert.ok(a < b);
  assert.match(a, /^order_[0-9a-z]{9}[0-9a-f]{10}$/);
});
