import assert from "node:assert/strict";
import { assetIdSchema } from "../../common/catalog.ts";
import { Big } from "../../common/money.ts";
import { seedFileSchema, seedToItem, toAssetData, toAssetDetail } from "./asset.ts";
import { mapMarkets } from "./coingecko.ts";
import { nextPrice, normalisePrice, seededRandom } from "./random-walk.ts";

const seedPath = new URL("../data/assets.json", import.meta.url);
const fixturePath = new URL("../testdata/coingecko-markets.json", import.meta.url);

Deno.test("seed file: ≥ 20 well-known assets, unique ids and ranks, BTC = 50,000", async () => {
  const seed = seedFileSchema.parse(JSON.parse(await Deno.readTextFile(seedPath)));
  assert.ok(seed.assets.length >= 20);
  assert.equal(new Set(seed.assets.map((a) => a.asset_id)).size, seed.assets.length);
  assert.equal(new Set(seed.assets.map((a) => a.market_cap_rank)).size, seed.assets.length);
  const btc = seed.assets.find((a) => a.asset_id === "BTC")!;
  assert.equal(btc.price_usd, "50000");
  // 0.1 BTC must fit the $10,000 order cap (upstream tests rely on it).
  assert.ok(new Big(btc.price_usd).times("0.1").lte(10000));
});

Deno.test("seed → item → views: derived fields agree and numbers print exactly", async () => {
  const seed = seedFileSchema.parse(JSON.parse(await Deno.readTextFile(seedPath)));
  const shib = seedToItem(seed.assets.find((a) => a.asset_id === "SHIB")!, "2024-01-01T00:00:00.000Z");
  const data = toAssetData(shib);
  assert.equal(data.price_usd, 0.00002);
  assert.equal(JSON.stringify(data.price_usd), "0.00002");
  assert.equal(data.is_active, true);
  const detail = toAssetDetail(shib);
  assert.equal(detail.availability_status, "available");
  assert.ok(detail.low_24h! <= detail.price_usd && detail.price_usd <= detail.high_24h!);
  assert.equal(String(shib.GSI1SK), "000016#SHIB");
  assert.equal(toAssetDetail({ ...shib, is_active: false }).availability_status, "unavailable");
});

Deno.test("asset ids: trimmed, upper-cased, 1-10 alphanumerics (docs/compatibility.md)", () => {
  assert.equal(assetIdSchema.parse(" btc "), "BTC");
  for (const bad of ["   ", "BTC!", "BTC@123", "UNKNOWN_ASSET", "A".repeat(100), "<script>"]) {
    assert.equal(assetIdSchema.safeParse(bad).success, false, bad);
  }
});

Deno.test("random walk: same seed → same path; prices stay positive, bounded and exact", () => {
  const run = (seed: number) => {
    const rand = seededRandom(seed);
    let p = new Big("50000");
    const path: string[] = [];
    for (let i = 0; i < 500; i++) path.push((p = nextPrice(p, rand, 0.01)).toFixed());
    return path;
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  let tiny = new Big("0.00000002");
  const rand = seededRandom(1);
  for (let i = 0; i < 1000; i++) {
    tiny = nextPrice(tiny, rand, 0.2);
    assert.ok(tiny.gte("0.00000001"));
  }
  assert.equal(normalisePrice(new Big("123456.123456789")).toFixed(), "123456.1235");
  assert.equal(normalisePrice(new Big("5000000")).toFixed(), "1000000");
});

Deno.test("coingecko (recorded fixture): mapped, collisions resolved by rank, bad symbols skipped", async () => {
  const updates = mapMarkets(JSON.parse(await Deno.readTextFile(fixturePath)));
  const byId = new Map(updates.map((u) => [u.assetId, u]));
  assert.deepEqual([...byId.keys()].sort(), ["BTC", "DEAD", "ETH", "SHIB", "WBTC"]);
  assert.equal(byId.get("BTC")!.price.toFixed(), "67234.12"); // Bitcoin, not the rank-4821 "btc" clash
  assert.equal(byId.get("BTC")!.fields.name, "Bitcoin");
  assert.equal(byId.get("SHIB")!.price.toFixed(), "0.00002567");
  assert.equal(byId.get("DEAD")!.isActive, false);
  assert.equal((byId.get("ETH")!.fields.price_change_percentage_7d as Big).toFixed(), "-1.2");
  assert.throws(() => mapMarkets({ not: "an array" }));
});
