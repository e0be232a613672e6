import type { IncomingMessage, ServerResponse } from "node:http";
import { constants, type Http2Stream } from "node:http2";
import { BodyTooLargeError, type RequestInfo, tooLarge } from "./requests.js";

export type FetchHandler = (request: Request, info: RequestInfo) => Promise<Response>;

export interface NodeListenerOptions {
  /** The most of a request body that is read: a longer one is answered 413 and not read further. Default 1 MiB. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Express and other frameworks put the parsed body in `body`. Express 4's body-parser also
 * sets `body = {}` for a request it skips (another content type), leaving the stream
 * unread; it marks the ones it read with `_body`.
 */
type NodeRequest = IncomingMessage & { body?: unknown; _body?: boolean };

const INTERNAL_ERROR = JSON.stringify({
  error: { code: "internal_error", message: "The request could not be handled." },
});
const BODY_CONSUMED = JSON.stringify({
  error: {
    code: "body_consumed",
    message: "The request body was read before this handler and not passed on: mount it before the body parser.",
  },
});

/** The stream was read (Fastify's parser before `request.raw`, a raw-body middleware) and `req.body` is not there. */
class BodyConsumedError extends Error {}

/**
 * `req` as a web stream that errors once more than `maxBytes` came, calling `onTooLarge`.
 * Neither that nor a cancel destroys `req`: the socket stays open for the answer.
 */
function cappedStream(req: NodeRequest, maxBytes: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let length = 0;
  let done = false;
  const stop = () => {
    done = true;
    req.pause();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on("data", (chunk: Buffer) => {
          if (done) return;
          length += chunk.byteLength;
          if (length > maxBytes) {
            stop();
            controller.error(new BodyTooLargeError(maxBytes));
            onTooLarge();
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => {
          if (!done) controller.close();
          done = true;
        });
        req.once("close", () => {
          if (!done) controller.error(new Error("The client went away before the end of its request body."));
          done = true;
        });
      },
      pull() {
        if (!done) req.resume();
      },
      cancel: stop,
    },
    { highWaterMark: 0 },
  );
}

const consumed = (req: NodeRequest) => req._body === true || req.readableEnded;

function requestBody(
  req: NodeRequest,
  maxBytes: number,
  onTooLarge: () => void,
): NonNullable<RequestInit["body"]> | null {
  if (req.method === "GET" || req.method === "HEAD") return null;
  if (!consumed(req)) return cappedStream(req, maxBytes, onTooLarge);
  if (req.body === undefined || req.body === null) {
    const hadBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (hadBody) throw new BodyConsumedError();
    return null;
  }
  if (typeof req.body === "string") return req.body;
  if (req.body instanceof Uint8Array) return new Uint8Array(req.body);
  return JSON.stringify(req.body);
}

/** The request target as a path of the host's own origin: `//evil.example/x` stays a path. */
function requestUrl(req: NodeRequest): URL {
  const scheme = "encrypted" in req.socket ? "https" : "http";
  const host = req.headers.host ?? req.headers[":authority"];
  const { origin } = new URL(`${scheme}://${typeof host === "string" ? host : "localhost"}`);
  const target = req.url ?? "/";
  if (target.startsWith("/")) return new URL(`${origin}${target}`);
  // The absolute form (`GET http://host/path`) some proxies send: keep only its path and query.
  const absolute = URL.canParse(target) ? new URL(target) : undefined;
  return new URL(`${origin}${absolute ? absolute.pathname + absolute.search : "/"}`);
}

function toRequest(req: NodeRequest, body: NonNullable<RequestInit["body"]> | null, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const init = { method: req.method ?? "GET", headers, body, duplex: "half" as const, signal };
  return new Request(requestUrl(req), init);
}

/**
 * A request body left unread would stall the connection, or have to be read to its end:
 * HTTP/1 closes the connection after the answer, HTTP/2 only the request's stream, with
 * NO_ERROR once the answer is sent (RFC 9113, 8.1).
 */
function closeIfUnread(req: NodeRequest, res: ServerResponse): void {
  if (req.complete) return;
  const { stream } = req as NodeRequest & { stream?: Http2Stream };
  if (!stream) {
    res.setHeader("Connection", "close");
    return;
  }
  stream.once("finish", () => {
    stream.close(constants.NGHTTP2_NO_ERROR);
    stream.destroy();
  });
}

async function send(response: Response, req: NodeRequest, res: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  closeIfUnread(req, res);
  res.end(body);
}

/** A 500 while nothing was sent yet; after that, only closing the connection tells the client. */
function fail(req: NodeRequest, res: ServerResponse, body = INTERNAL_ERROR): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  closeIfUnread(req, res);
  res.writeHead(500, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(body);
}

/**
 * Mounts a Fetch-API handler on `node:http`, Express, Fastify's `raw` or anything with
 * Node's `(req, res)`. The returned listener never rejects: a handler that throws gets a
 * 500 JSON answer. `request.signal` aborts when the client goes away before the answer.
 * A body longer than `maxBodyBytes` is answered 413 as soon as that is known (from its
 * `Content-Length`, or once that much came), whatever the handler answers; a body a framework
 * already parsed is passed on as it is (from `req.body`: a stream read without it is a 500).
 */
export function toNodeListener(
  handler: FetchHandler,
  options: NodeListenerOptions = {},
): (req: NodeRequest, res: ServerResponse) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req, res) => {
    let answered = false;
    const answer = async (response: Response) => {
      answered = true;
      await send(response, req, res).catch(() => fail(req, res));
    };
    const refuse = () => answer(tooLarge(new BodyTooLargeError(maxBodyBytes))!);
    if (!consumed(req) && Number(req.headers["content-length"] ?? 0) > maxBodyBytes) return refuse();
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    let request: Request;
    try {
      const body = requestBody(req, maxBodyBytes, () => {
        if (!answered) void refuse();
      });
      request = toRequest(req, body, gone.signal);
    } catch (error) {
      if (error instanceof BodyConsumedError) return fail(req, res, BODY_CONSUMED);
      res.statusCode = 400;
      res.end();
      return;
    }
    let response: Response;
    try {
      response = await handler(request, { remoteAddress: req.socket.remoteAddress });
    } catch {
      if (!answered) fail(req, res);
      return;
    }
    if (!answered) await answer(response);
  };
}
