// A TCP relay a test can cut and restore: the process under test connects to the relay's port, the
// relay forwards to the real dependency (e.g. DynamoDB Local). cut() closes the listener and every
// open connection (the dependency looks down: connection refused); restore() listens again.

export interface Relay {
  port: number;
  url: string;
  cut(): void;
  restore(): void;
  close(): void;
}

export function startRelay(target: { hostname: string; port: number }): Relay {
  let listener: Deno.Listener | undefined;
  let port = 0;
  const open = new Set<Deno.Conn>();
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable);
    } catch { /* either side closed */ }
    for (const c of [from, to]) {
      try {
        c.close();
      } catch { /* already closed */ }
      open.delete(c);
    }
  };
  const serve = async (l: Deno.Listener) => {
    for await (const inbound of l) {
      try {
        const outbound = await Deno.connect(target);
        open.add(inbound).add(outbound);
        pipe(inbound, outbound);
        pipe(outbound, inbound);
      } catch {
        inbound.close();
      }
    }
  };
  const listen = () => {
    listener = Deno.listen({ hostname: "127.0.0.1", port });
    port = (listener.addr as Deno.NetAddr).port;
    serve(listener).catch(() => {});
  };
  const cut = () => {
    listener?.close();
    listener = undefined;
    for (const c of open) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
    open.clear();
  };
  listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut,
    restore: () => listener ?? listen(),
    close: cut,
  };
}
