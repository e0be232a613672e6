// The bare handler that bench/server/run.ts measures the service against: node:http, the body
// read (capped like the service's), one INSERT into the store's database, 200.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Query } from "./database.js";

const RECEIVED = JSON.stringify({ received: true });
const MAX_BODY = 64 * 1024;

export async function createBareTable(query: Query): Promise<void> {
  await query(
    `CREATE TABLE IF NOT EXISTS bench_bare_callbacks (
       id bigserial PRIMARY KEY, body text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`,
  );
}

export function bareListener(query: Query): (req: IncomingMessage, res: ServerResponse) => void {
  async function bare(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      length += chunk.byteLength;
      if (length > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk);
    }
    try {
      await query("INSERT INTO bench_bare_callbacks (body) VALUES ($1)", [Buffer.concat(chunks).toString("utf8")]);
    } catch {
      res.writeHead(503).end();
      return;
    }
    res
      .writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(RECEIVED) })
      .end(RECEIVED);
  }
  return (req, res) => {
    bare(req, res).catch(() => res.destroy());
  };
}
