// The gateway's HTTP/1.1 client against a raw TCP server that writes exactly the bytes each test
// scripts: keep-alive reuse, the three ways an answer is framed, a service closing a kept-alive
// connection, deadlines, and the malformed answers it must refuse rather than misread.
import assert from "node:assert/strict";
import { rawServer, type Script } from "./testing.ts";
import { createUpstreamClient, UpstreamProtocolError, UpstreamTimeout } from "./upstream-client.ts";

const ok = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n${extra}\r\n${body}`;

async function withClient(
  script: Script,
  fn: (c: ReturnType<typeof createUpstreamClient>, s: ReturnType<typeof rawServer>) => Promise<void>,
) {
  const server = rawServer(script);
  const client = createUpstreamClient();
  try {
    await fn(client, server);
  } finally {
    client.close();
    await server.close();
  }
}

const get = (url: string, timeoutMs = 5000) => ({
  method: "GET",
  url,
  headers: [["x-request-id", "r1"]] as [string, string][],
  body: null,
  timeoutMs,
});
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("upstream client: keep-alive — sequential requests share one connection; head and body as sent", async () => {
  await withClient(() => ({ write: ok('{"n":1}', "x-thing: a b \r\n") }), async (client, server) => {
    for (let i = 0; i < 3; i++) {
      const a = await client.send(get(`${server.url}/balance?x=1`));
      assert.equal(a.status, 200);
      assert.equal(text(a.body), '{"n":1}');
      assert.deepEqual(
        a.headers.find(([n]) => n === "x-thing"),
        ["x-thing", "a b"],
        "value trimmed, name lowercase",
      );
    }
    assert.equal(server.accepted(), 1);
    const head = server.received[0].head;
    assert.match(head, /^GET \/balance\?x=1 HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\nx-request-id: r1$/);
    const post = await client.send({
      method: "POST",
      url: `${server.url}/orders`,
      headers: [],
      body: bytes('{"q":"1.5"}'),
      timeoutMs: 5000,
    });
    assert.equal(post.status, 200);
    assert.equal(text(server.received[3].body), '{"q":"1.5"}');
    assert.match(server.received[3].head, /content-length: 11$/);
    const empty = await client.send({
      method: "POST",
      url: `${server.url}/x`,
      headers: [],
      body: null,
      timeoutMs: 5000,
    });
    assert.equal(empty.status, 200);
    assert.match(server.received[4].head, /content-length: 0$/, "a bodiless POST says so");
  });
});

Deno.test("upstream client: chunked answer decoded (extensions, trailers); answer framed by close", async () => {
  const chunked = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" +
    "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nx-trailer: t\r\n\r\n";
  await withClient(
    (_r, n) => n === 0 ? { write: chunked } : { write: "HTTP/1.1 200 OK\r\n\r\nuntil close", close: true },
    async (client, server) => {
      const a = await client.send(get(`${server.url}/a`));
      assert.equal(text(a.body), "Wikipedia in\r\n\r\nchunks.");
      const b = await client.send(get(`${server.url}/b`));
      assert.equal(text(b.body), "until close", "no length, not chunked: the body ends with the connection");
      assert.equal(server.accepted(), 1, "the chunked answer left the connection reusable");
      await client.send(get(`${server.url}/c`)).catch(() => {});
      assert.equal(server.accepted(), 2, "a connection framed by close is not reused");
    },
  );
});

Deno.test("upstream client: Connection: close, HTTP/1.0, 204/HEAD without a body, 1xx before the answer", async () => {
  await withClient((req) => {
    if (req.head.startsWith("HEAD")) return { write: "HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n" };
    if (req.head.startsWith("GET /1 ")) return { write: ok("closing", "connection: close\r\n") };
    if (req.head.includes("/old")) return { write: "HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok" };
    if (req.head.includes("/early")) {
      return { write: "HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n" + ok("late") };
    }
    return { write: "HTTP/1.1 204 No Content\r\n\r\n" };
  }, async (client, server) => {
    assert.equal(text((await client.send(get(`${server.url}/1`))).body), "closing");
    assert.equal((await client.send(get(`${server.url}/nobody`))).status, 204);
    assert.equal(server.accepted(), 2, "Connection: close was honoured");
    const head = await client.send({ ...get(`${server.url}/h`), method: "HEAD" });
    assert.equal(head.body.byteLength, 0, "HEAD: the length describes a body that is not sent");
    assert.equal((await client.send(get(`${server.url}/early`))).status, 200);
    assert.equal(server.accepted(), 2, "204, HEAD and 1xx answers kept the connection");
    assert.equal(text((await client.send(get(`${server.url}/old`))).body), "ok");
    await client.send(get(`${server.url}/after-old`));
    assert.equal(server.accepted(), 3, "an HTTP/1.0 answer ends the connection");
  });
});

Deno.test("upstream client: a kept-alive connection the service closed is retried for GET, never for POST", async () => {
  // Each connection answers its first request, then reads the next one and closes without a word.
  await withClient((_r, n) => n === 0 ? { write: ok("first") } : { close: true }, async (client, server) => {
    await client.send(get(`${server.url}/1`));
    const again = await client.send(get(`${server.url}/2`));
    assert.equal(text(again.body), "first", "answered on a new connection");
    assert.equal(server.accepted(), 2);
    const before = server.received.length;
    await assert.rejects(
      client.send({
        method: "POST",
        url: `${server.url}/orders`,
        headers: [],
        body: bytes("{}"),
        timeoutMs: 5000,
      }),
      UpstreamProtocolError,
    );
    assert.equal(server.received.length, before + 1, "the POST reached the service once: not repeated");
  });
});

Deno.test("upstream client: the service closing an idle connection is noticed before reuse", async () => {
  await withClient(() => ({ write: ok("x"), close: true }), async (client, server) => {
    await client.send(get(`${server.url}/1`));
    // The server closed after answering: the idle watch sees the end of stream and drops the connection
    // (waited for as a state, not a time).
    for (let i = 0; client.idleCount() > 0; i++) {
      assert.ok(i < 2000, "the end of stream on an idle connection was never noticed");
      await new Promise((r) => setTimeout(r, 5));
    }
    const post = await client.send({
      method: "POST",
      url: `${server.url}/2`,
      headers: [],
      body: null,
      timeoutMs: 5000,
    });
    assert.equal(post.status, 200, "the POST went on a new connection at once, not on the closed one");
    assert.equal(server.accepted(), 2);
  });
});

Deno.test("upstream client: deadline covers the whole answer; a hung service → UpstreamTimeout", async () => {
  await withClient(
    (req) =>
      req.head.includes("/slow-body")
        ? { write: "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc" }
        : { hang: true },
    async (client, server) => {
      await assert.rejects(client.send(get(`${server.url}/hang`, 150)), UpstreamTimeout);
      await assert.rejects(client.send(get(`${server.url}/slow-body`, 150)), UpstreamTimeout);
    },
  );
  // Nothing listens and nothing answers: connect refused is an error at once, not a timeout.
  const gone = rawServer(() => ({}));
  const url = gone.url;
  await gone.close();
  const client = createUpstreamClient();
  try {
    await assert.rejects(client.send(get(`${url}/x`, 5000)), (e) => !(e instanceof UpstreamTimeout));
  } finally {
    client.close();
  }
});

Deno.test("upstream client: malformed answers are refused, not misread", async () => {
  const bad = [
    "HTTP/1.1 2000 OK\r\n\r\n",
    "HTTP/2 200\r\n\r\n",
    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nabc",
    "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
    "HTTP/1.1 200 OK\r\nx: a\r\n folded\r\ncontent-length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nbad name: v\r\ncontent-length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
    "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort",
  ];
  for (const answer of bad) {
    await withClient(() => ({ write: answer, close: true }), async (client, server) => {
      await assert.rejects(
        client.send(get(`${server.url}/x`)),
        UpstreamProtocolError,
        JSON.stringify(answer),
      );
    });
  }
  const server = rawServer(() => ({ write: ok("x".repeat(2000)) }));
  const small = createUpstreamClient({ maxBodyBytes: 1000 });
  try {
    await assert.rejects(small.send(get(`${server.url}/big`)), UpstreamProtocolError, "over the size bound");
  } finally {
    small.close();
    await server.close();
  }
});

Deno.test("upstream client: Latin-1 field bytes pass unchanged both ways; CR/LF in a value is refused", async () => {
  const e9 = new Uint8Array([
    ...bytes("HTTP/1.1 200 OK\r\nx-name: caf"),
    0xe9,
    ...bytes("\r\ncontent-length: 0\r\n\r\n"),
  ]);
  await withClient(() => ({ write: e9 }), async (client, server) => {
    const a = await client.send({ ...get(`${server.url}/x`), headers: [["x-name", "caf\u00e9"]] });
    assert.equal(a.headers.find(([n]) => n === "x-name")?.[1], "caf\u00e9");
    assert.ok(server.received[0].head.endsWith("x-name: caf\u00e9"), "one byte 0xe9, not UTF-8's two");
    await assert.rejects(
      client.send({ ...get(`${server.url}/x`), headers: [["x-user-id", "a\r\nx-user-role: admin"]] }),
      TypeError,
    );
    assert.equal(server.received.length, 1, "nothing was sent");
  });
});

Deno.test("upstream client: close() ends every connection; the signal does the same", async () => {
  const server = rawServer(() => ({ write: ok("x") }));
  const stop = new AbortController();
  const client = createUpstreamClient({ signal: stop.signal });
  try {
    await Promise.all([1, 2, 3].map(() => client.send(get(`${server.url}/x`))));
    assert.equal(server.accepted(), 3, "three at once: three connections");
    stop.abort();
    await assert.rejects(client.send(get(`${server.url}/x`)), TypeError);
  } finally {
    await server.close();
  }
  // The test's resource sanitizer fails if a connection was left open.
});

Deno.test("upstream client: a body larger than the buffer arrives whole, and the connection is reused", async () => {
  const big = "0123456789abcdef".repeat(64 * 1024); // 1 MiB, many reads
  const chunked = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${(big.length / 2).toString(16)}\r\n${
    big.slice(0, big.length / 2)
  }\r\n${(big.length / 2).toString(16)}\r\n${big.slice(big.length / 2)}\r\n0\r\n\r\n`;
  await withClient(
    (req) => ({ write: req.head.includes("/chunked") ? chunked : ok(big) }),
    async (client, server) => {
      for (const path of ["/length", "/chunked", "/length"]) {
        const a = await client.send(get(`${server.url}${path}`));
        assert.equal(a.body.byteLength, big.length, path);
        assert.equal(text(a.body), big, path);
      }
      assert.equal(server.accepted(), 1);
    },
  );
});
