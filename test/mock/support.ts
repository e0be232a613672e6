import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { type MockJumio, type MockJumioOptions, startMockJumio } from "../../src/mock/index.js";
import { type AccountRequest, createJumioClient, type JumioClient } from "../../src/server/index.js";

export const USER_AGENT = "Acme Onboarding/2.1";

/** A clock the test moves by hand. */
export function manualTime(start = Date.parse("2025-03-01T09:00:00.000Z")) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

/** A mock with fast callback retries, PROCESSED at once unless `processingDelayMs` says otherwise, and the real server helper pointed at it. */
export async function startMock(options: MockJumioOptions = {}): Promise<{ mock: MockJumio; jumio: JumioClient }> {
  const mock = await startMockJumio({
    callbackRetryDelaysMs: [20, 20, 20],
    callbackTimeoutMs: 1_000,
    processingDelayMs: 0,
    ...options,
  });
  const jumio = createJumioClient({
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    region: "amer-1",
    userAgent: USER_AGENT,
    baseUrls: mock.baseUrls,
    timeoutMs: 2_000,
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 50 },
  });
  return { mock, jumio };
}

export function accountRequest(overrides: Partial<AccountRequest> = {}): AccountRequest {
  return {
    customerInternalReference: "order-4711",
    userReference: "user-42",
    workflowDefinition: { key: 10013 },
    ...overrides,
  };
}

export const basicAuthorization = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

/** A raw OAuth2 token request, with or without HTTP Basic credentials. */
export function requestToken(authUrl: string, authorization?: string, body = "grant_type=client_credentials") {
  return fetch(authUrl, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(authorization === undefined ? {} : { Authorization: authorization }),
    },
    body,
  });
}

/** A fresh OAuth2 access token from the mock. */
export async function issueAccessToken(mock: MockJumio): Promise<string> {
  const response = await requestToken(mock.baseUrls.auth, basicAuthorization(mock.clientId, mock.clientSecret));
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A raw call with a fresh access token from the mock. */
export async function bearerFetch(mock: MockJumio, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${await issueAccessToken(mock)}`);
  if (!headers.has("User-Agent")) headers.set("User-Agent", USER_AGENT);
  return fetch(new URL(path, mock.url), { ...init, headers });
}

export interface Received {
  path: string;
  body: string;
  contentType: string | undefined;
}

/**
 * The host's callback endpoint: a real HTTP server answering each POST with the next
 * status of `script` (the last one repeats); a 3xx points at `/elsewhere` on it.
 */
export async function startReceiver(script: number[] = [200]) {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += String(chunk);
    received.push({ path: request.url ?? "", body, contentType: request.headers["content-type"] });
    const status = script[Math.min(received.length, script.length) - 1] ?? 200;
    response.writeHead(status, status >= 300 && status < 400 ? { Location: "/elsewhere" } : {}).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jumio/callback`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/callback`;
}

/** A request through `node:http`, which, unlike fetch, sends the `Host` it is given. */
export function rawRequest(
  url: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method, headers }, async (response) => {
      let text = "";
      for await (const chunk of response) text += String(chunk);
      resolve({ status: response.statusCode ?? 0, body: text });
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

/** Resolves once `condition` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The session JSON the page embeds for its script. */
export function pageSession(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="session">(.*?)<\/script>/s.exec(html);
  if (!match?.[1]) throw new Error("no session in the page");
  return JSON.parse(match[1]) as Record<string, unknown>;
}
