// A funded user made through the public API only, for load runs against a deployment whose table
// this machine cannot reach (`./scripts/load.sh --target URL`): register, log in, deposit.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST with a bounded wait on 429 (the target's per-IP auth limit), expecting one status. */
async function send(api: string, path: string, body: unknown, want: number, token?: string) {
  for (let attempt = 0; attempt < 30; attempt++) {
    const res = await fetch(`${api}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status === 429) {
      await res.body?.cancel();
      await sleep(1000 * Math.min(60, Number(res.headers.get("retry-after")) || 1));
      continue;
    }
    const json = await res.json().catch(() => ({}));
    if (res.status !== want) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as Record<string, string>;
  }
  throw new Error(`${path}: still rate limited after 30 tries`);
}

/** A new customer with `usd` deposited (within the daily deposit limit); returns its access token. */
export async function apiUser(api: string, prefix: string, usd: string): Promise<string> {
  const username = `${prefix}_${crypto.randomUUID().slice(0, 8)}`;
  const password = `Load-${crypto.randomUUID().slice(0, 12)}`; // 17 chars: the API allows 12-20
  await send(api, "/auth/register", {
    username,
    email: `${username}@example.com`,
    password,
    first_name: "Load",
    last_name: "Test",
  }, 201);
  const { access_token } = await send(api, "/auth/login", { username, password }, 200);
  if (Number(usd) > 0) await send(api, "/balance/deposit", { amount: Number(usd) }, 201, access_token);
  return access_token;
}
