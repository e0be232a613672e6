import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import { connect as connectHttp2, constants, createServer as createHttp2Server } from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, type TestContext, test } from "node:test";
import { type FetchHandler, type NodeListenerOptions, toNodeListener } from "../../src/server/index.js";
import { type RequestInfo, readBody, tooLarge } from "../../src/server/requests.js";
import { listen } from "./support/listen.js";

const KiB = 1024;
const MiB = 1024 * KiB;

/** `handler` on node:http2 (cleartext) and a client session to it, both closed after the test. */
async function mountHttp2(t: TestContext, handler: FetchHandler) {
  const listener = toNodeListener(handler);
  const server = createHttp2Server((req, res) => void listener(req as never, res as never));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const session = connectHttp2(origin);
  t.after(async () => {
    session.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { origin, session };
}

let app: Awaited<ReturnType<typeof listen>> | undefined;
afterEach(() => app?.close());

/** Mounts `handler`, recording what it was called with and the server side of each connection. */
async function mount(handler: FetchHandler, options?: NodeListenerOptions) {
  const calls: { request: Request; info: RequestInfo; read?: number; error?: unknown }[] = [];
  const sockets: Socket[] = [];
  const server = createServer(
    toNodeListener((request, info) => {
      calls.push({ request, info });
      return handler(request, info);
    }, options),
  );
  server.on("connection", (socket: Socket) => sockets.push(socket));
  app = await listen(server);
  return { url: app.url, calls, sockets };
}

/** A handler that reads the whole body and records how much it got, or why it could not. */
const reading =
  (record: { read?: number; error?: unknown }[]): FetchHandler =>
  async (request) => {
    const entry: { read?: number; error?: unknown } = {};
    record.push(entry);
    try {
      entry.read = (await request.arrayBuffer()).byteLength;
      return new Response(`read ${entry.read}`);
    } catch (error) {
      entry.error = error;
      return new Response("the read failed", { status: 500 });
    }
  };

/** `totalBytes` of body, made as the connection takes them: the test never holds them. */
function streamedBody(totalBytes: number) {
  const chunk = new Uint8Array(64 * KiB);
  const made = { bytes: 0 };
  async function* chunks() {
    while (made.bytes < totalBytes) {
      made.bytes += chunk.byteLength;
      yield chunk;
    }
  }
  return { body: ReadableStream.from(chunks()), made };
}

const post = (url: string, body: NonNullable<RequestInit["body"]>, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", body, headers, duplex: "half", signal: AbortSignal.timeout(20_000) } as RequestInit);

describe("toNodeListener: request bodies are capped", () => {
  test("a streamed 300 MB body is refused 413 after about the cap is read, not buffered whole", async () => {
    const reads: { read?: number; error?: unknown }[] = [];
    const { url, sockets } = await mount(reading(reads), { maxBodyBytes: 64 * KiB });
    const { body, made } = streamedBody(300 * MiB);
    const started = Date.now();
    const response = await post(url, body);
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), {
      error: { code: "body_too_large", message: "The request body must be at most 65536 bytes." },
    });
    assert.equal(response.headers.get("connection"), "close");
    assert.equal(reads.length, 1);
    assert.equal((reads[0]?.error as Error | undefined)?.name, "BodyTooLargeError");
    assert.ok(sockets[0]!.bytesRead < 64 * KiB + MiB, `the server read ${sockets[0]!.bytesRead} bytes`);
    assert.ok(made.bytes < 32 * MiB, `the client made ${made.bytes} bytes`);
    assert.ok(Date.now() - started < 10_000);
  });

  test("a Content-Length over the cap is 413 at once: the handler is not called, the body not read", async () => {
    const reads: { read?: number; error?: unknown }[] = [];
    const { url, calls, sockets } = await mount(reading(reads), { maxBodyBytes: 64 * KiB });
    const { body, made } = streamedBody(300 * MiB);
    const response = await post(url, body, { "Content-Length": String(300 * MiB) });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get("connection"), "close");
    assert.equal(calls.length, 0);
    assert.ok(sockets[0]!.bytesRead < MiB, `the server read ${sockets[0]!.bytesRead} bytes`);
    assert.ok(made.bytes < 32 * MiB, `the client made ${made.bytes} bytes`);
  });

  test("the default cap is 1 MiB: exactly that is read whole, one byte more is 413", async () => {
    const reads: { read?: number; error?: unknown }[] = [];
    const { url } = await mount(reading(reads));
    const full = await post(url, new Uint8Array(MiB));
    assert.equal(await full.text(), `read ${MiB}`);
    const over = await post(url, streamedBody(MiB + 1).body);
    assert.equal(over.status, 413);
    assert.deepEqual(
      reads.map(({ read }) => read),
      [MiB, undefined],
    );
  });

  test("a handler's own smaller cap gets its 413 to the client: cancelling the body keeps the socket", async () => {
    const { url, sockets } = await mount(async (request) => {
      try {
        await readBody(request, 16 * KiB);
        return new Response("read");
      } catch (error) {
        return tooLarge(error) ?? new Response(null, { status: 500 });
      }
    });
    const { body, made } = streamedBody(300 * MiB);
    const response = await post(url, body);
    assert.equal(response.status, 413);
    assert.equal(response.headers.get("connection"), "close");
    assert.ok(sockets[0]!.bytesRead < MiB, `the server read ${sockets[0]!.bytesRead} bytes`);
    assert.ok(made.bytes < 32 * MiB, `the client made ${made.bytes} bytes`);
  });

  test("an answer that leaves a body unread closes the connection rather than reading the rest", async () => {
    const { url, sockets } = await mount(async () => new Response("not interested", { status: 403 }));
    const { body, made } = streamedBody(300 * MiB);
    const response = await post(url, body);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("connection"), "close");
    assert.ok(sockets[0]!.bytesRead < MiB, `the server read ${sockets[0]!.bytesRead} bytes`);
    assert.ok(made.bytes < 32 * MiB, `the client made ${made.bytes} bytes`);
  });

  test("a body read whole keeps the connection alive", async () => {
    const { url } = await mount(reading([]));
    const response = await post(url, "{}");
    assert.equal(await response.text(), "read 2");
    assert.equal(response.headers.get("connection"), "keep-alive");
  });
});

describe("toNodeListener: what the handler gets", () => {
  test("info.remoteAddress is the TCP peer's address", async () => {
    const { url, calls } = await mount(async () => new Response(null, { status: 204 }));
    await post(url, "");
    assert.deepEqual(
      calls.map(({ info }) => info),
      [{ remoteAddress: "127.0.0.1" }],
    );
  });

  test("a handler that ignores info still mounts", async () => {
    const { url } = await mount(async (request) => new Response(request.method));
    assert.equal(await (await post(url, "")).text(), "POST");
  });
});

describe("toNodeListener: other hosts' requests", () => {
  test("a body another parser read without setting req.body is a 500 that says so, the handler not called", async () => {
    const calls: Request[] = [];
    const listener = toNodeListener(async (request) => {
      calls.push(request);
      return new Response(await request.text());
    });
    // What Fastify's request.raw is after Fastify's own JSON parser: the stream read, no req.body.
    app = await listen(
      createServer(async (req, res) => {
        for await (const _ of req);
        await listener(req, res);
      }),
    );
    for (const body of ['{"locale":"de"}', streamedBody(KiB).body]) {
      const response = await post(app.url, body, { "Content-Type": "application/json" });
      assert.equal(response.status, 500);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "body_consumed");
    }
    assert.equal(calls.length, 0);
    assert.equal((await post(app.url, "")).status, 200, "a request without a body has nothing to lose");
  });

  test("on node:http2 the request's origin is its :authority", async (t) => {
    const { origin, session } = await mountHttp2(
      t,
      async (request) => new Response(`${request.url} ${await request.text()}`),
    );
    const stream = session.request({ ":method": "POST", ":path": "/verification" });
    stream.end("{}");
    let text = "";
    for await (const chunk of stream) text += chunk;
    assert.equal(text, `${origin}/verification {}`);
  });

  test("on node:http2 an answer before the body was read ends that request's stream, not the session", {
    timeout: 10_000,
  }, async (t) => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    t.after(() => process.off("warning", onWarning));
    const { session } = await mountHttp2(t, async () => new Response("refused", { status: 403 }));
    for (let request = 0; request < 2; request++) {
      const stream = session.request({ ":method": "POST", ":path": "/verification" });
      stream.write("x".repeat(KiB));
      let text = "";
      stream.on("data", (chunk) => (text += chunk));
      await once(stream, "close");
      assert.equal(text, "refused");
      assert.equal(stream.rstCode, constants.NGHTTP2_NO_ERROR, "the client may stop sending, without error");
    }
    assert.deepEqual(warnings, [], "no HTTP/1 Connection header on HTTP/2");
  });
});
