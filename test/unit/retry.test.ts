import { expect } from "@open-wc/testing";
import { backoffDelay, FETCHER_RETRY_POLICY, isRetryableStatus, parseRetryAfter, sleep } from "../../src/retry.js";

const NOW = Date.parse("2025-01-01T00:00:00.000Z");

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("parseRetryAfter", () => {
  it("reads delta-seconds as ms", () => {
    expect([parseRetryAfter("3", NOW), parseRetryAfter("0", NOW), parseRetryAfter("1.5", NOW)]).to.deep.equal([
      3000, 0, 1500,
    ]);
  });

  it("reads an HTTP date as the ms from now until it, and a past one as 0", () => {
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", NOW)).to.equal(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", NOW)).to.equal(0);
  });

  it("reads a negative number of seconds as 0", () => {
    expect(parseRetryAfter("-5", NOW)).to.equal(0);
  });

  for (const [name, header] of [
    ["garbage", "soon"],
    ["an empty header", ""],
    ["blanks", "   "],
    ["no header (null)", null],
    ["no response (undefined)", undefined],
  ] as const) {
    it(`answers undefined for ${name}`, () => {
      expect(parseRetryAfter(header, NOW)).to.equal(undefined);
    });
  }
});

describe("backoffDelay", () => {
  const policy = { retries: 2, baseDelayMs: 100, maxDelayMs: 1000 };

  it("waits between half the ceiling and the ceiling, which doubles with each attempt", () => {
    expect(
      [0, 1, 2].map((attempt) => [backoffDelay(attempt, policy, () => 0), backoffDelay(attempt, policy, () => 1)]),
    ).to.deep.equal([
      [50, 100],
      [100, 200],
      [200, 400],
    ]);
  });

  it("never waits longer than maxDelayMs, however many attempts", () => {
    expect(backoffDelay(8, policy, () => 1)).to.equal(1000);
    expect(backoffDelay(2000, policy, () => 1)).to.equal(1000);
    expect(backoffDelay(2000, policy, () => 0)).to.equal(500);
  });

  it("stays within those bounds with Math.random", () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const ceiling = Math.min(FETCHER_RETRY_POLICY.maxDelayMs, FETCHER_RETRY_POLICY.baseDelayMs * 2 ** attempt);
      expect(backoffDelay(attempt, FETCHER_RETRY_POLICY)).to.be.within(ceiling / 2, ceiling);
    }
  });
});

describe("isRetryableStatus", () => {
  it("retries 429 and every 5xx, never another 4xx", () => {
    expect([429, 500, 502, 503, 599].every(isRetryableStatus)).to.equal(true);
    expect([400, 401, 403, 404, 408, 409, 422].some(isRetryableStatus)).to.equal(false);
  });
});

describe("sleep", () => {
  it("resolves after the wait", async () => {
    const start = performance.now();
    await sleep(50, new AbortController().signal);
    expect(performance.now() - start).to.be.at.least(45);
  });

  it("resolves without a signal", async () => {
    expect(await sleep(1)).to.equal(undefined);
  });

  it("rejects at once with the reason of a signal aborted before", async () => {
    const reason = new Error("already gone");
    expect(await rejectionOf(sleep(10, AbortSignal.abort(reason)))).to.equal(reason);
  });

  it("rejects as soon as the signal aborts during the wait, with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("the page left");
    const start = performance.now();
    const waiting = rejectionOf(sleep(60_000, controller.signal));
    setTimeout(() => controller.abort(reason), 20);
    expect(await waiting).to.equal(reason);
    expect(performance.now() - start).to.be.below(1000);
  });

  it("waits a delay longer than a timer holds instead of firing at once", async () => {
    const controller = new AbortController();
    let settled = false;
    const waiting = sleep(2 ** 32, controller.signal).then(
      () => (settled = true),
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).to.equal(false);
    controller.abort();
    await waiting;
  });
});
