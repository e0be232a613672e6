import { expect } from "@open-wc/testing";
import { fetchVerificationHref, JumioFetchError } from "../../src/fetcher.js";
import {
  corsBlockedEndpoint,
  corsWarning,
  type EndpointLog,
  FIXTURE_ORIGIN,
  logUntil,
  endpoint as scriptedEndpoint,
  TOKEN,
  untrustedWarning,
  warningsDuring,
} from "./helpers.js";

const JUMIO_HREF = "https://acme.web.amer-1.jumio.ai/web/v4/app?locale=en-GB&authorizationToken=xxx";
const endpoint = (script: string, href = JUMIO_HREF) => scriptedEndpoint(script, href);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Idempotency-Key of each request, which test/test-servers.mjs logs beside `requests`. */
async function keysOf(log: () => Promise<EndpointLog>): Promise<string[]> {
  return ((await log()) as EndpointLog & { idempotencyKeys: string[] }).idempotencyKeys;
}

/**
 * How many times `run` called `fetch`: the fetcher's attempts. (A browser may repeat a request
 * itself when a reused connection drops, so the server's count can be higher.)
 */
async function fetchCalls(run: () => Promise<unknown>): Promise<number> {
  let calls = 0;
  const original = window.fetch;
  window.fetch = (...args: Parameters<typeof fetch>) => {
    calls++;
    return original.apply(window, args);
  };
  try {
    await run();
  } finally {
    window.fetch = original;
  }
  return calls;
}

async function fetchErrorOf(promise: Promise<unknown>): Promise<JumioFetchError> {
  const error = await rejectionOf(promise);
  if (!(error instanceof JumioFetchError)) throw new Error(`expected a JumioFetchError, got ${String(error)}`);
  return error;
}

describe("fetchVerificationHref: requests", () => {
  it("POSTs with Accept: application/json by default and returns the href with its ids", async () => {
    const { url, log } = endpoint("200");
    expect(await fetchVerificationHref(url)).to.deep.equal({
      href: JUMIO_HREF,
      accountId: "acc-1",
      workflowExecutionId: "wf-1",
    });
    const { requests } = await log();
    expect(requests.map(({ method, accept }) => ({ method, accept }))).to.deep.equal([
      { method: "POST", accept: "application/json" },
    ]);
  });

  it("merges init: its JSON body and Content-Type arrive, and Accept stays", async () => {
    const { url, log } = endpoint("200");
    await fetchVerificationHref(url, {
      init: { body: JSON.stringify({ userId: "u-1" }), headers: { "Content-Type": "application/json" } },
    });
    expect((await log()).requests).to.deep.equal([
      { method: "POST", body: '{"userId":"u-1"}', contentType: "application/json", accept: "application/json" },
    ]);
  });

  it("lets init choose another method and Accept header", async () => {
    const { url, log } = endpoint("200");
    await fetchVerificationHref(url, { init: { method: "PUT", headers: { Accept: "application/vnd.acme+json" } } });
    const [request] = (await log()).requests;
    expect([request?.method, request?.accept]).to.deep.equal(["PUT", "application/vnd.acme+json"]);
  });

  it("passes the Account Create response through: web.href, account.id and workflowExecution.id", async () => {
    const { url } = endpoint("web");
    expect(await fetchVerificationHref(url)).to.deep.equal({
      href: JUMIO_HREF,
      accountId: "acc-1",
      workflowExecutionId: "wf-1",
    });
  });

  it("accepts an href on an allowed origin", async () => {
    const href = `${FIXTURE_ORIGIN}/fake-client.html`;
    const { url } = endpoint("200", href);
    expect((await fetchVerificationHref(url, { allowedOrigins: [FIXTURE_ORIGIN] })).href).to.equal(href);
  });
});

describe("fetchVerificationHref: retries", () => {
  it("retries 503, 503 and succeeds on the third request", async () => {
    const { url, log } = endpoint("503,503,200");
    expect((await fetchVerificationHref(url)).href).to.equal(JUMIO_HREF);
    expect((await log()).requests).to.have.length(3);
  });

  it("never retries a 400: one request, http-error with status 400", async () => {
    const { url, log } = endpoint("400,200");
    const error = await fetchErrorOf(fetchVerificationHref(url));
    expect([error.name, error.code, error.status]).to.deep.equal(["JumioFetchError", "http-error", 400]);
    expect((await log()).requests).to.have.length(1);
  });

  it("makes a single request with retries: 0", async () => {
    const { url, log } = endpoint("503,200");
    const error = await fetchErrorOf(fetchVerificationHref(url, { retries: 0 }));
    expect([error.code, error.status]).to.deep.equal(["http-error", 503]);
    expect((await log()).requests).to.have.length(1);
  });

  it("gives up after `retries` further attempts with the last status", async () => {
    const { url, log } = endpoint("503,502,200");
    const error = await fetchErrorOf(fetchVerificationHref(url, { retries: 1 }));
    expect([error.code, error.status]).to.deep.equal(["http-error", 502]);
    expect((await log()).requests).to.have.length(2);
  });

  it("waits for Retry-After: 1 after a 429, then succeeds", async () => {
    const { url, log } = endpoint("429,200");
    const start = performance.now();
    expect((await fetchVerificationHref(url)).href).to.equal(JUMIO_HREF);
    const elapsed = performance.now() - start;
    expect(elapsed).to.be.within(990, 3000);
    expect((await log()).requests).to.have.length(2);
  });

  it("counts the Retry-After waits in the timeout", async () => {
    const { url, log } = endpoint("429,429,200");
    const start = performance.now();
    const error = await fetchErrorOf(fetchVerificationHref(url, { timeoutMs: 1500 }));
    expect(error.code).to.equal("fetch-timeout");
    expect(performance.now() - start).to.be.within(1490, 2400);
    expect((await log()).requests).to.have.length(2);
  });

  for (const [name, script, timeoutMs] of [
    ["asks for longer than the timeout", "429/2,200", 1500],
    ["equals the timeout", "429/1,200", 1000],
    ["is longer than a timer can hold (over 24.8 days), whatever the timeout", "429/3000000,200", 2 ** 31],
  ] as const) {
    it(`gives up at once with the 429, after one request, when Retry-After ${name}`, async () => {
      const { url, log } = endpoint(script);
      const start = performance.now();
      const error = await fetchErrorOf(fetchVerificationHref(url, { timeoutMs }));
      expect([error.code, error.status]).to.deep.equal(["http-error", 429]);
      expect(performance.now() - start).to.be.below(900);
      expect((await log()).requests).to.have.length(1);
    });
  }

  it("times out during its own backoff as fetch-timeout, never http-error, with a short timeout", async () => {
    const { url } = endpoint("503,503,200");
    const error = await fetchErrorOf(fetchVerificationHref(url, { timeoutMs: 400 }));
    expect([error.code, error.status]).to.deep.equal(["fetch-timeout", undefined]);
  });

  it("stops at once for an abort that comes while it drops a failed answer's body, instead of waiting out the Retry-After", async () => {
    // A stand-in fetch, to place the abort exactly there: the body's cancel aborts the call.
    const controller = new AbortController();
    const original = window.fetch;
    window.fetch = async () =>
      new Response(new ReadableStream({ cancel: () => controller.abort(new Error("the page left")) }), {
        status: 503,
        headers: { "Retry-After": "4" },
      });
    try {
      const start = performance.now();
      const error = await rejectionOf(fetchVerificationHref("/never-asked", { signal: controller.signal }));
      expect(String(error)).to.equal("Error: the page left");
      expect(performance.now() - start).to.be.below(1000);
    } finally {
      window.fetch = original;
    }
  });

  it("loads from a same-origin endpoint that drops the connection twice, one key on every request, and warns of nothing", async () => {
    const { url, log } = endpoint("drop,drop,200");
    const warnings = await warningsDuring(async () => {
      expect((await fetchVerificationHref(url)).href).to.equal(JUMIO_HREF);
    });
    // Chromium and Firefox repeat a request on a dropped connection themselves; WebKit leaves it to the fetcher.
    const keys = await keysOf(log);
    expect(keys).to.have.length(3);
    expect(new Set(keys).size).to.equal(1);
    expect(warnings).to.deep.equal([]);
  });

  it("retries a same-origin endpoint that keeps dropping the connection, then reports fetch-failed, and warns of nothing", async () => {
    const { url } = endpoint("drop");
    let calls = 0;
    const warnings = await warningsDuring(async () => {
      calls = await fetchCalls(async () => {
        const error = await fetchErrorOf(fetchVerificationHref(url, { retries: 1 }));
        expect([error.code, error.status, error.message]).to.deep.equal([
          "fetch-failed",
          undefined,
          "The endpoint could not be reached.",
        ]);
      });
    });
    expect(calls).to.equal(2);
    expect(warnings).to.deep.equal([]);
  });

  it("asks an endpoint on another origin once when CORS hides its answer, and warns at once of the fixes", async () => {
    const blocked = corsBlockedEndpoint();
    const start = performance.now();
    const warnings = await warningsDuring(async () => {
      const error = await fetchErrorOf(fetchVerificationHref(blocked.url));
      expect([error.code, error.status, error.message]).to.deep.equal([
        "fetch-failed",
        undefined,
        "The endpoint could not be reached, or CORS blocked its answer.",
      ]);
      expect(error.cause).to.be.instanceOf(TypeError);
    });
    // No backoff waited: the first retry would have come after 150 ms at least.
    expect(performance.now() - start).to.be.below(1000);
    expect(warnings).to.deep.equal([[corsWarning(FIXTURE_ORIGIN)]]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await blocked.reached()).to.equal(1);
  });

  it("does not retry an unreachable endpoint on another origin either: it cannot be told from CORS", async () => {
    // Port 1 is on every browser's list of blocked ports: a network error without a server.
    const start = performance.now();
    const warnings = await warningsDuring(async () => {
      const error = await fetchErrorOf(fetchVerificationHref("http://127.0.0.1:1/token"));
      expect([error.code, error.status]).to.deep.equal(["fetch-failed", undefined]);
    });
    expect(performance.now() - start).to.be.below(1000);
    expect(warnings).to.deep.equal([[corsWarning("http://127.0.0.1:1")]]);
  });
});

describe("fetchVerificationHref: Idempotency-Key", () => {
  it("sends one key, a UUID v4, with every attempt of a call: 503, 503, 200", async () => {
    const { url, log } = endpoint("503,503,200");
    await fetchVerificationHref(url);
    const keys = await keysOf(log);
    expect(keys).to.have.length(3);
    expect(keys[0]).to.match(UUID_V4);
    expect(new Set(keys).size).to.equal(1);
  });

  it("sends another key with another call", async () => {
    const { url, log } = endpoint("200");
    await fetchVerificationHref(url);
    await fetchVerificationHref(url);
    const [first, second] = await keysOf(log);
    expect(second).to.match(UUID_V4);
    expect(second).not.to.equal(first);
  });

  it("keeps the caller's key from init.headers, whatever its case, on every attempt", async () => {
    const { url, log } = endpoint("503,200");
    await fetchVerificationHref(url, { init: { headers: { "idempotency-key": "order-42" } } });
    expect(await keysOf(log)).to.deep.equal(["order-42", "order-42"]);
  });

  it("makes its key without crypto.randomUUID, which a page on plain http lacks", async () => {
    const { url, log } = endpoint("200");
    Object.defineProperty(crypto, "randomUUID", { configurable: true, value: undefined });
    try {
      await fetchVerificationHref(url);
    } finally {
      Reflect.deleteProperty(crypto, "randomUUID");
    }
    expect(typeof crypto.randomUUID).to.equal("function");
    expect((await keysOf(log))[0]).to.match(UUID_V4);
  });
});

describe("fetchVerificationHref: invalid responses", () => {
  it("reports an HTML body as invalid-response, without retrying", async () => {
    const { url, log } = endpoint("html");
    expect((await fetchErrorOf(fetchVerificationHref(url))).code).to.equal("invalid-response");
    expect((await log()).requests).to.have.length(1);
  });

  it("refuses an answer over 64 KiB, by its Content-Length or by its bytes (streamed or gzipped), as invalid-response, without retrying", async () => {
    for (const step of ["huge", "huge-stream", "huge-gzip"]) {
      const { url, log } = endpoint(step);
      const error = await fetchErrorOf(fetchVerificationHref(url));
      expect([error.code, error.message]).to.deep.equal([
        "invalid-response",
        "The endpoint's answer is larger than 64 KiB.",
      ]);
      expect((await log()).requests).to.have.length(1);
    }
  });

  it("follows a redirect on the endpoint's origin", async () => {
    const { url, log } = endpoint("redirect");
    expect((await fetchVerificationHref(url)).href).to.equal(JUMIO_HREF);
    expect((await log()).requests).to.have.length(1);
  });

  it("refuses an answer redirected from another origin as invalid-response, without retrying", async () => {
    // That origin's href is trusted (any Jumio tenant is): the endpoint's origin alone may choose it.
    const { url, log } = endpoint("redirect-foreign");
    const error = await fetchErrorOf(fetchVerificationHref(url));
    expect([error.code, error.message]).to.deep.equal([
      "invalid-response",
      `The endpoint redirected to another origin, ${FIXTURE_ORIGIN}.`,
    ]);
    expect((await log()).requests).to.have.length(1);
  });

  it("reports JSON without href or web.href as invalid-response", async () => {
    const { url } = endpoint("shape");
    expect((await fetchErrorOf(fetchVerificationHref(url))).code).to.equal("invalid-response");
  });

  it("reports an untrusted href in the body as invalid-response, and warns with the origin to allow", async () => {
    const { url } = endpoint(
      "200",
      `https://acme.web.amer-1.jumio.ai.evil.example/web/v4/app?authorizationToken=${TOKEN}`,
    );
    const warnings = await warningsDuring(async () => {
      const error = await fetchErrorOf(fetchVerificationHref(url));
      expect([error.code, error.message]).to.deep.equal(["invalid-response", "The endpoint's href is not trusted."]);
    });
    expect(warnings).to.deep.equal([[untrustedWarning("https://acme.web.amer-1.jumio.ai.evil.example")]]);
    expect(String(warnings)).not.to.contain(TOKEN);
  });

  it("reports a javascript: href in the Account Create shape as invalid-response", async () => {
    const { url } = endpoint("web", "javascript:alert(1)");
    expect((await fetchErrorOf(fetchVerificationHref(url))).code).to.equal("invalid-response");
  });

  it("does not trust an http allowed origin off loopback, and warns of the entry and that its href can never be loaded", async () => {
    const { url } = endpoint("200", "http://proxy.example.com/web/v4/app");
    const warnings = await warningsDuring(async () => {
      const error = await fetchErrorOf(fetchVerificationHref(url, { allowedOrigins: ["http://proxy.example.com"] }));
      expect(error.code).to.equal("invalid-response");
    });
    expect(warnings).to.have.length(2);
    expect(String(warnings[0]?.[0])).to.contain("http://proxy.example.com");
    expect(warnings[1]).to.deep.equal([untrustedWarning(null)]);
  });
});

describe("fetchVerificationHref: timeout and abort", () => {
  it("reports a hanging endpoint as fetch-timeout, the request aborted", async () => {
    const { url, log } = endpoint("hang");
    const error = await fetchErrorOf(fetchVerificationHref(url, { timeoutMs: 300 }));
    expect(error.code).to.equal("fetch-timeout");
    expect(error.cause).to.be.instanceOf(DOMException);
    expect((await log()).requests).to.have.length(1);
  });

  it("lets the hanging endpoint see its request aborted on fetch-timeout", async () => {
    const { url, log } = endpoint("hang");
    await rejectionOf(fetchVerificationHref(url, { timeoutMs: 300 }));
    expect(await logUntil(log, ({ aborted }) => aborted > 0)).to.deep.include({ aborted: 1 });
  });

  it("rejects with the signal's reason, not a JumioFetchError, when the caller aborts", async () => {
    const { url, log } = endpoint("hang");
    const controller = new AbortController();
    const reason = new Error("the user left the page");
    const pending = rejectionOf(fetchVerificationHref(url, { signal: controller.signal }));
    await logUntil(log, ({ requests }) => requests.length > 0);
    controller.abort(reason);
    expect(await pending).to.equal(reason);
  });

  it("lets the hanging endpoint see its request aborted when the caller aborts", async () => {
    const { url, log } = endpoint("hang");
    const controller = new AbortController();
    const pending = rejectionOf(fetchVerificationHref(url, { signal: controller.signal }));
    await logUntil(log, ({ requests }) => requests.length > 0);
    controller.abort(new Error("the user left the page"));
    await pending;
    expect(await logUntil(log, ({ aborted }) => aborted > 0)).to.deep.include({ aborted: 1 });
  });

  it("takes a timeoutMs beyond what a timer holds (2³¹ − 1 ms) as that much: no fetch-timeout at once", async () => {
    const { url, log } = endpoint("hang");
    const controller = new AbortController();
    const reason = new Error("enough waiting");
    const pending = rejectionOf(fetchVerificationHref(url, { timeoutMs: 3_000_000_000, signal: controller.signal }));
    expect((await logUntil(log, ({ requests }) => requests.length > 0)).requests).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort(reason);
    expect(await pending).to.equal(reason);
  });

  it("makes no request when the signal is already aborted", async () => {
    const { url, log } = endpoint("200");
    const reason = new Error("already gone");
    expect(await rejectionOf(fetchVerificationHref(url, { signal: AbortSignal.abort(reason) }))).to.equal(reason);
    expect((await log()).requests).to.have.length(0);
  });
});
