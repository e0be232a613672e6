import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { JumioApiError, JumioResponseError } from "../../src/server/index.js";
import { CLIENT_SECRET, testClient } from "./support/client.js";
import { ACCOUNT_ID, WORKFLOW_ID } from "./support/fixtures.js";
import { type StreamedAnswer, startStreamingServer } from "./support/streaming-server.js";

const MB = 1024 * 1024;
/** Loopback socket buffers and fetch's own queue hold a few MB that the server counts as sent. */
const IN_FLIGHT = 16 * MB;

let server: Awaited<ReturnType<typeof startStreamingServer>> | undefined;
afterEach(() => server?.close());

async function statusCall(answer: StreamedAnswer) {
  server = await startStreamingServer(answer);
  const jumio = testClient(server, { timeoutMs: 20_000, retry: { retries: 0 } });
  const outcome = await jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID).then(
    () => assert.fail("the call succeeded"),
    (error: unknown) => error,
  );
  const [streamed] = server.answers;
  await streamed!.closed;
  return { error: outcome, sent: streamed!.sent };
}

describe("answers are read up to a cap", () => {
  test("a 2xx body over 16 MiB is a JumioResponseError naming the cap, and the rest is not read", async () => {
    const { error, sent } = await statusCall({ status: 200, filler: " ", head: "{", totalBytes: 300 * MB });
    assert.ok(error instanceof JumioResponseError, String(error));
    assert.equal(error.status, 200);
    assert.deepEqual(error.issues, [
      { path: "", message: "is larger than 16777216 bytes (16 MiB), the most this client reads" },
    ]);
    assert.ok(sent < 16 * MB + IN_FLIGHT, `the server wrote ${sent} bytes`);
  });

  test("of a 100 MB error body, the first 64 KiB are kept, marked truncated, and the rest is not read", async () => {
    const { error, sent } = await statusCall({ status: 500, filler: "fail ", totalBytes: 100 * MB });
    assert.ok(error instanceof JumioApiError, String(error));
    assert.equal(error.status, 500);
    assert.equal(error.truncated, true);
    assert.equal(typeof error.body, "string");
    assert.equal(Buffer.byteLength(error.body as string), 64 * 1024);
    assert.ok((error.body as string).startsWith("fail fail "));
    assert.ok(sent < IN_FLIGHT, `the server wrote ${sent} bytes`);
  });

  test("a cut error body that still parses is kept as its JSON", async () => {
    const { error } = await statusCall({ status: 503, head: '{"message":"down"}', filler: " ", totalBytes: 10 * MB });
    assert.ok(error instanceof JumioApiError, String(error));
    assert.deepEqual(error.body, { message: "down" });
    assert.equal(error.truncated, true);
  });

  test("a secret across the cut is redacted before the cut, not left half", async () => {
    const head = "x".repeat(64 * 1024 - 6);
    const { error } = await statusCall({ status: 400, head: head + CLIENT_SECRET, filler: "y", totalBytes: 2 * MB });
    assert.ok(error instanceof JumioApiError, String(error));
    const body = error.body as string;
    assert.equal(body.slice(0, head.length), head);
    assert.equal(body.slice(head.length), "[redac");
    assert.ok(!JSON.stringify(error).includes(CLIENT_SECRET.slice(0, 6)));
  });

  test("an error body within the cap is whole and not truncated", async () => {
    const { error } = await statusCall({
      status: 404,
      head: '{"message":"scan not available"}',
      filler: " ",
      totalBytes: 40,
    });
    assert.ok(error instanceof JumioApiError, String(error));
    assert.deepEqual(error.body, { message: "scan not available" });
    assert.equal(error.truncated, false);
  });
});
