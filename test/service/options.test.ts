import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { MockJumio } from "../../src/mock/index.js";
import {
  createVerificationService,
  JumioValidationError,
  type VerificationServiceOptions,
} from "../../src/server/index.js";
import { onEachStore } from "./stores.js";
import { mockClient, newUser, startBackend, startMock } from "./support.js";

onEachStore(({ store }) => {
  let mock: MockJumio;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());

  const create = (options: Partial<VerificationServiceOptions>) =>
    createVerificationService({
      client: mockClient(mock),
      store: store(),
      callbackUrl: "https://example.com/cb",
      reconcileEveryMs: false,
      ...options,
    });

  it("refuses a callbackUrl that leaves no room for the secret within the guide's 255 characters", async () => {
    const base = "https://example.com/";
    const fits = create({ callbackUrl: base + "x".repeat(198 - base.length) });
    await fits.close();
    assert.throws(
      () => create({ callbackUrl: base + "x".repeat(199 - base.length) }),
      (error: unknown) => {
        return (
          error instanceof JumioValidationError &&
          error.issues[0]?.path === "callbackUrl" &&
          /at most 198/.test(error.message)
        );
      },
    );
  });

  it("refuses a trustProxy that is not a hop count or a list of addresses and subnets", () => {
    for (const trustProxy of [Number.NaN, -1, 1.5, ["localhost"], ["10.0.0.0/40"]]) {
      assert.throws(
        () => create({ trustProxy }),
        (error: unknown) => error instanceof JumioValidationError && error.issues[0]?.path === "trustProxy",
      );
    }
  });

  it("refuses timings and tries that would spin, never try, or overflow a timer, naming the option", async () => {
    const refused: [path: string, options: Partial<VerificationServiceOptions>][] = [
      ["reconcileEveryMs", { reconcileEveryMs: 0 }],
      ["reconcileEveryMs", { reconcileEveryMs: 2 ** 31 }],
      ["reconcileOlderThanMs", { reconcileOlderThanMs: -1 }],
      ["leaseMs", { leaseMs: 0 }],
      ["leaseMs", { leaseMs: Number.NaN }],
      ["retry.attempts", { retry: { attempts: 0 } }],
      ["retry.attempts", { retry: { attempts: 1.5 } }],
      ["retry.baseDelayMs", { retry: { baseDelayMs: -1 } }],
      ["retry.maxDelayMs", { retry: { maxDelayMs: Number.POSITIVE_INFINITY } }],
    ];
    for (const [path, options] of refused) {
      assert.throws(
        () => create(options),
        (error: unknown) =>
          error instanceof JumioValidationError &&
          error.issues[0]?.path === path &&
          /must be a whole number from \d+ to 2147483647/.test(error.message),
        JSON.stringify(options),
      );
    }
    const least = create({ reconcileEveryMs: 100, leaseMs: 100, retry: { attempts: 1, baseDelayMs: 0 } });
    await least.close();
  });

  it("answers 503 service_closing once closed, and creates nothing", async () => {
    const backend = await startBackend(mock, store());
    await backend.service.close();
    const accounts = mock.accounts().length;
    const href = await backend.requestHref(newUser());
    assert.equal(href.status, 503);
    assert.equal(((await href.json()) as { error: { code: string } }).error.code, "service_closing");
    const callback = await fetch(`${backend.url}/callback`, { method: "POST", body: "{}" });
    assert.equal(callback.status, 503);
    assert.equal(mock.accounts().length, accounts);
    await backend.close();
  });
});
