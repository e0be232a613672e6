import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

export type FetchHandler = (request: Request) => Promise<Response>;

/** Express and other frameworks put the parsed body here and leave the stream drained. */
type NodeRequest = IncomingMessage & { body?: unknown };

function requestBody(req: NodeRequest): NonNullable<RequestInit["body"]> | null {
  if (req.method === "GET" || req.method === "HEAD") return null;
  if (req.body === undefined) return Readable.toWeb(req) as ReadableStream<Uint8Array>;
  if (typeof req.body === "string") return req.body;
  if (req.body instanceof Uint8Array) return new Uint8Array(req.body);
  return JSON.stringify(req.body);
}

function toRequest(req: NodeRequest): Request {
  const origin = `${"encrypted" in req.socket ? "https" : "http"}://${req.headers.host ?? "localhost"}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const init = { method: req.method ?? "GET", headers, body: requestBody(req), duplex: "half" as const };
  return new Request(new URL(req.url ?? "/", origin), init);
}

/** Mounts a Fetch-API handler on `node:http`, Express, Fastify's `raw` or anything with Node's `(req, res)`. */
export function toNodeListener(handler: FetchHandler): (req: NodeRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let request: Request;
    try {
      request = toRequest(req);
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    const response = await handler(request);
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") res.setHeader(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("set-cookie", cookies);
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
