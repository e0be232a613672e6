import { createServer, type IncomingHttpHeaders } from "node:http";
import { listen } from "./listen.js";

/** A request as the stand-in for Jumio received it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export type Reply =
  | { status?: number; headers?: Record<string, string>; json?: unknown; body?: string | Uint8Array }
  | "hang"
  | "destroy";

/** Answers a request, or `undefined` for the default: a fresh token on the token path, 404 elsewhere. */
export type Route = (request: Received, fake: FakeJumio) => Reply | undefined | Promise<Reply | undefined>;

export interface FakeJumio {
  url: string;
  baseUrls: { auth: string; account: string; api: string; retrieval: string; status: string };
  received: Received[];
  /** Requests other than the token's. */
  calls(): Received[];
  tokenRequests(): Received[];
  close(): Promise<void>;
}

export const TOKEN_PATH = "/oauth2/token";

export function tokenReply(accessToken: string, expiresIn = 3600): Reply {
  return { json: { access_token: accessToken, expires_in: expiresIn, token_type: "Bearer" } };
}

async function readBody(request: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A real HTTP server on 127.0.0.1 standing in for every Jumio service, each under its own path prefix. */
export async function startFakeJumio(route: Route = () => undefined): Promise<FakeJumio> {
  const received: Received[] = [];
  let fake: FakeJumio;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const request: Received = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body,
      text: body.toString("utf8"),
    };
    received.push(request);
    const reply =
      (await route(request, fake)) ??
      (request.path === TOKEN_PATH ? tokenReply(`token-${fake.tokenRequests().length}`) : { status: 404 });
    if (reply === "hang") return;
    if (reply === "destroy") {
      req.socket.destroy();
      return;
    }
    const payload = reply.json === undefined ? (reply.body ?? "") : JSON.stringify(reply.json);
    res.writeHead(reply.status ?? 200, {
      ...(reply.json === undefined ? {} : { "Content-Type": "application/json" }),
      ...reply.headers,
    });
    res.end(payload);
  });
  const { url, close } = await listen(server);
  fake = {
    url,
    baseUrls: {
      auth: `${url}${TOKEN_PATH}`,
      account: `${url}/account`,
      api: `${url}/api-channel`,
      retrieval: `${url}/retrieval`,
      status: `${url}/status`,
    },
    received,
    calls: () => received.filter((request) => request.path !== TOKEN_PATH),
    tokenRequests: () => received.filter((request) => request.path === TOKEN_PATH),
    close,
  };
  return fake;
}
