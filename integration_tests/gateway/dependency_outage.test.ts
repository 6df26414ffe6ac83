// A DynamoDB outage is not the inventory service being down (issue 13, defect 5): the service answers
// its own 503 DEPENDENCY_UNAVAILABLE problem, the gateway passes it through and the inventory breaker
// (default settings) stays closed, so the catalog answers again the moment DynamoDB is back.
// Own inventory service (its DynamoDB reached through a relay the test cuts) and own gateway: skipped by
// integration_tests/run.sh.
import assert from "node:assert/strict";
import { assertProblem, call, freePort, needsInternals } from "../helpers.ts";
import { poll, startEntrypoint } from "../processes.ts";
import { startRelay } from "../tcp-relay.ts";
import { startGateway } from "../../gateway/src/testing.ts";

const DYNAMODB = Deno.env.get("DYNAMODB_ENDPOINT");

Deno.test({
  name:
    "DynamoDB outage: catalog answers 503 DEPENDENCY_UNAVAILABLE, its breaker stays closed, recovery at once",
  ignore: needsInternals("starts its own inventory service and gateway") || !DYNAMODB,
  async fn() {
    const relay = startRelay({ hostname: "127.0.0.1", port: Number(new URL(DYNAMODB!).port) });
    const inventory = await startEntrypoint("services/inventory/main.ts", freePort(), {
      DYNAMODB_ENDPOINT: relay.url,
    });
    const gw = await startGateway({ INVENTORY_URL: inventory.url });
    const api = `${gw.url}/api/v1`;
    const breaker = async () => (await (await fetch(`${gw.url}/health/ready`)).json()).breakers.inventory;
    try {
      assert.equal((await call(api, "GET", "/inventory/assets")).status, 200);
      relay.cut();
      for (let i = 0; i < 8; i++) { // above the default BREAKER_FAILURES (5)
        const res = await call(api, "GET", "/inventory/assets/BTC");
        assertProblem(res, 503, "DEPENDENCY_UNAVAILABLE");
        assert.ok(res.headers.get("retry-after"), "503 carries Retry-After");
      }
      assert.equal(await breaker(), "closed");
      relay.restore();
      assert.ok(await poll(async () => (await call(api, "GET", "/inventory/assets")).status === 200));
      assert.equal(await breaker(), "closed");
    } finally {
      await gw.close();
      await inventory.kill();
      relay.close();
    }
  },
});
