// A Server-Sent Events reader on fetch, because EventSource cannot send the Authorization header
// (and a JWT must never go into a URL). Parses the text/event-stream format (WHATWG HTML §9.2):
// `id:`, `event:`, `data:` (multi-line), comments (heartbeats) and `retry:`.

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | undefined;
  lastEventId: string | undefined;
  retry: number | undefined;

  /** Feed a chunk of text; returns the complete messages it finished. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith("\r\n", nl) ? 2 : 1;
      this.buffer = this.buffer.slice(nl + sep);
      if (line === "") {
        if (this.data.length) {
          if (this.id !== undefined) this.lastEventId = this.id;
          out.push({ id: this.id ?? this.lastEventId, event: this.event || "message", data: this.data.join("\n") });
        }
        this.data = [];
        this.event = "";
        this.id = undefined;
        continue;
      }
      if (line.startsWith(":")) continue; // comment / heartbeat
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") this.data.push(value);
      else if (field === "event") this.event = value;
      else if (field === "id" && !value.includes("\0")) this.id = value;
      else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
    }
    return out;
  }
}
