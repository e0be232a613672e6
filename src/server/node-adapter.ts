import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Express and other frameworks put the parsed body in `body`. Express 4's body-parser also
 * sets `body = {}` for a request it skips (another content type), leaving the stream
 * unread; it marks the ones it read with `_body`.
 */
type NodeRequest = IncomingMessage & { body?: unknown; _body?: boolean };

const INTERNAL_ERROR = JSON.stringify({
  error: { code: "internal_error", message: "The request could not be handled." },
});

function requestBody(req: NodeRequest): NonNullable<RequestInit["body"]> | null {
  if (req.method === "GET" || req.method === "HEAD") return null;
  const consumed = req._body === true || req.readableEnded;
  if (!consumed) return Readable.toWeb(req) as ReadableStream<Uint8Array>;
  if (req.body === undefined || req.body === null) return null;
  if (typeof req.body === "string") return req.body;
  if (req.body instanceof Uint8Array) return new Uint8Array(req.body);
  return JSON.stringify(req.body);
}

/** The request target as a path of the host's own origin: `//evil.example/x` stays a path. */
function requestUrl(req: NodeRequest): URL {
  const scheme = "encrypted" in req.socket ? "https" : "http";
  const { origin } = new URL(`${scheme}://${req.headers.host ?? "localhost"}`);
  const target = req.url ?? "/";
  if (target.startsWith("/")) return new URL(`${origin}${target}`);
  // The absolute form (`GET http://host/path`) some proxies send: keep only its path and query.
  const absolute = URL.canParse(target) ? new URL(target) : undefined;
  return new URL(`${origin}${absolute ? absolute.pathname + absolute.search : "/"}`);
}

function toRequest(req: NodeRequest, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const init = { method: req.method ?? "GET", headers, body: requestBody(req), duplex: "half" as const, signal };
  return new Request(requestUrl(req), init);
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(body);
}

/** A 500 while nothing was sent yet; after that, only closing the connection tells the client. */
function fail(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(500, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(INTERNAL_ERROR);
}

/**
 * Mounts a Fetch-API handler on `node:http`, Express, Fastify's `raw` or anything with
 * Node's `(req, res)`. The returned listener never rejects: a handler that throws gets a
 * 500 JSON answer. `request.signal` aborts when the client goes away before the answer.
 */
export function toNodeListener(handler: FetchHandler): (req: NodeRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    let request: Request;
    try {
      request = toRequest(req, gone.signal);
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    try {
      await send(await handler(request), res);
    } catch {
      fail(res);
    }
  };
}
