import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { systemClock } from "../../src/server/clock.js";
import { inspectImage } from "../../src/server/image.js";
import { statusRetryDelay } from "../../src/server/retry.js";
import { jpeg, png } from "./support/fixtures.js";

describe("inspectImage", () => {
  test("reads a PNG's size from its header", () => {
    assert.deepEqual(inspectImage(png(1920, 1080)), { type: "image/png", width: 1920, height: 1080 });
  });

  test("reads a JPEG's size from its start-of-frame, past other segments", () => {
    assert.deepEqual(inspectImage(jpeg(3024, 4032)), { type: "image/jpeg", width: 3024, height: 4032 });
  });

  test("reads a progressive JPEG after a fill byte", () => {
    const progressive = jpeg(800, 600);
    const frame = progressive.indexOf(0xc0);
    progressive[frame] = 0xc2;
    const withFill = new Uint8Array([...progressive.slice(0, frame - 1), 0xff, ...progressive.slice(frame - 1)]);
    assert.deepEqual(inspectImage(withFill), { type: "image/jpeg", width: 800, height: 600 });
  });

  const others: [name: string, bytes: Uint8Array][] = [
    ["a GIF", new TextEncoder().encode("GIF89a\x01\x00\x01\x00")],
    ["a truncated PNG", png(10, 10).slice(0, 20)],
    ["a JPEG without a frame", new Uint8Array([0xff, 0xd8, 0xff, 0xd9])],
    ["nothing", new Uint8Array()],
  ];
  for (const [name, bytes] of others)
    test(`answers undefined for ${name}`, () => assert.equal(inspectImage(bytes), undefined));
});

describe("retry timing", () => {
  const policy = { retries: 2, baseDelayMs: 100, maxDelayMs: 1_000 };
  const now = Date.parse("2025-01-01T00:00:00.000Z");

  test("only 429 and 5xx are retried", () => {
    assert.equal(statusRetryDelay(404, null, 0, policy, now), undefined);
    assert.equal(statusRetryDelay(429, "1", 0, policy, now), 1_000);
    assert.equal(statusRetryDelay(503, "2", 0, policy, now), undefined);
    assert.ok((statusRetryDelay(500, null, 0, policy, now) ?? 0) >= 50);
  });

  test("the system clock's sleep rejects with the signal's reason, before and during the wait", async () => {
    const reason = new Error("closing");
    await assert.rejects(systemClock.sleep(10, AbortSignal.abort(reason)), (error) => error === reason);
    const controller = new AbortController();
    const started = performance.now();
    const waiting = systemClock.sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(reason), 10);
    await assert.rejects(waiting, (error) => error === reason);
    assert.ok(performance.now() - started < 1_000);
  });
});
