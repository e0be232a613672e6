import { expect, html } from "@open-wc/testing";
import type { TemplateResult } from "lit";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { JumioFetchError } from "../../src/fetcher.js";
import {
  command,
  corsBlockedEndpoint,
  corsWarning,
  endpoint,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  frameWindow,
  iframeOf,
  jumioMessage,
  logUntil,
  mount,
  record,
  states,
  TOKEN,
  until,
  untrustedWarning,
  warningsDuring,
  wireMessage,
  withoutCameraWarnings,
} from "./helpers.js";

/**
 * The element error detail without `description` and `cause`: the description (free wording) is
 * checked against `pattern`, the cause to be the fetcher's error of the same code.
 */
function elementError(event: CustomEvent | undefined, pattern: RegExp) {
  const { cause, description, ...rest } = event!.detail as { cause?: unknown; description?: unknown };
  expect(cause).to.be.instanceOf(JumioFetchError);
  expect((cause as JumioFetchError).code).to.equal((rest as { code: string }).code);
  expect(description).to.be.a("string").and.match(pattern);
  return rest;
}

describe("the element with an endpoint", () => {
  it("goes idle → fetching → loading and loads the href the endpoint returned after 503, 503", async () => {
    const scripted = endpoint("503,503,200");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await element.updateComplete;
    expect(element.state).to.equal("fetching");
    expect(iframeOf(element)).to.equal(null);
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change"]);
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "idle" },
      { state: "loading", previous: "fetching" },
    ]);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
    expect((await scripted.log()).requests.map((request) => request.method)).to.deep.equal(["POST", "POST", "POST"]);
  });

  it("loads the href of Jumio's Account Create response shape ({ web: { href } })", async () => {
    const scripted = endpoint("web");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change"]);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
  });

  it("POSTs with credentials same-origin and merges requestInit: its JSON body and Content-Type arrive", async () => {
    const scripted = endpoint("200");
    const original = window.fetch;
    const calls: { input: unknown; init: RequestInit | undefined }[] = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ input, init });
      return original.call(window, input, init);
    };
    try {
      const requestInit = { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId: "u-1" }) };
      const { element } = mount(
        html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN} .requestInit=${requestInit}></jumio-verification>`,
      );
      await until(() => element.state === "loading");
    } finally {
      window.fetch = original;
    }
    expect(calls).to.have.length(1);
    expect(calls[0]!.input).to.equal(scripted.url);
    expect(calls[0]!.init).to.include({ method: "POST", credentials: "same-origin", body: '{"userId":"u-1"}' });
    expect((await scripted.log()).requests).to.deep.equal([
      { method: "POST", body: '{"userId":"u-1"}', contentType: "application/json", accept: "application/json" },
    ]);
  });

  it("makes exactly one request on 400 and reports http-error with status 400", async () => {
    const scripted = endpoint("400");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => log.of("jumio-error").length === 1);
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change", "jumio-error"]);
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "idle" },
      { state: "error", previous: "fetching" },
    ]);
    expect(elementError(log.of("jumio-error")[0], /400/)).to.deep.equal({
      source: "element",
      code: "http-error",
      status: 400,
    });
    expect(element.getAttribute("state")).to.equal("error");
    expect(iframeOf(element)).to.equal(null);
    expect(element.shadowRoot!.querySelector('slot[name="error"] p')!.textContent).to.equal(
      log.of("jumio-error")[0]!.detail.description,
    );
    expect((await scripted.log()).requests).to.have.length(1);
  });

  const invalid: [string, string, RegExp][] = [
    ["an HTML body", "html", /JSON/],
    ["JSON of the wrong shape", "shape", /href/],
  ];
  for (const [name, script, description] of invalid) {
    it(`reports invalid-response for ${name}, after one request`, async () => {
      const scripted = endpoint(script);
      const { element, log } = mount(
        html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
      );
      await until(() => log.of("jumio-error").length === 1);
      expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change", "jumio-error"]);
      expect(elementError(log.of("jumio-error")[0], description)).to.deep.equal({
        source: "element",
        code: "invalid-response",
      });
      expect(element.state).to.equal("error");
      expect((await scripted.log()).requests).to.have.length(1);
    });
  }

  it("reports invalid-response for an untrusted href in the body, never loads it, and warns with the attribute to add", async () => {
    const scripted = endpoint("200", `https://evil-jumio.ai/web/v4/app?authorizationToken=${TOKEN}`);
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const warnings = await warningsDuring(() => until(() => log.of("jumio-error").length === 1));
    expect(withoutCameraWarnings(warnings)).to.deep.equal([[untrustedWarning("https://evil-jumio.ai")]]);
    expect(String(warnings)).not.to.contain(TOKEN);
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change", "jumio-error"]);
    expect(elementError(log.of("jumio-error")[0], /href/)).to.deep.equal({
      source: "element",
      code: "invalid-response",
    });
    expect(log.of("jumio-error")[0]!.detail.description).not.to.contain("evil-jumio.ai");
    expect(iframeOf(element)).to.equal(null);
  });

  it("reports invalid-response for the fake client's href when its origin is not in allowed-origins, and warns with the attribute to add", async () => {
    const scripted = endpoint("200", `${FAKE_CLIENT}?authorizationToken=${TOKEN}`);
    const { element, log } = mount(html`<jumio-verification endpoint=${scripted.url}></jumio-verification>`);
    const warnings = await warningsDuring(() => until(() => log.of("jumio-error").length === 1));
    expect(log.of("jumio-error")[0]!.detail).to.include({
      code: "invalid-response",
      description: "The endpoint's href is not trusted.",
    });
    expect(iframeOf(element)).to.equal(null);
    expect(withoutCameraWarnings(warnings)).to.deep.equal([[untrustedWarning(FIXTURE_ORIGIN)]]);
    expect(String(warnings)).not.to.contain(TOKEN);
  });

  it("warns that an href on http: off loopback can never be loaded, whatever allowed-origins says", async () => {
    const scripted = endpoint("200", `http://proxy.example.com/web/v4/app?authorizationToken=${TOKEN}`);
    const { log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const warnings = await warningsDuring(() => until(() => log.of("jumio-error").length === 1));
    expect(log.of("jumio-error")[0]!.detail.code).to.equal("invalid-response");
    expect(withoutCameraWarnings(warnings)).to.deep.equal([[untrustedWarning(null)]]);
    expect(String(warnings)).not.to.contain(TOKEN);
  });

  it("warns at once of an endpoint on another origin whose answer CORS hides, asks it once, and names CORS in the error", async () => {
    const blocked = corsBlockedEndpoint();
    const { element, log } = mount(
      html`<jumio-verification endpoint=${blocked.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const started = performance.now();
    const warnings = await warningsDuring(() => until(() => log.of("jumio-error").length === 1));
    // No backoff waited: a retry would have come after 150 ms at least.
    expect(performance.now() - started).to.be.below(1500);
    expect(withoutCameraWarnings(warnings)).to.deep.equal([[corsWarning(FIXTURE_ORIGIN)]]);
    expect(
      elementError(log.of("jumio-error")[0], /^The endpoint could not be reached, or CORS blocked its answer\.$/),
    ).to.deep.equal({
      source: "element",
      code: "fetch-failed",
    });
    expect(element.state).to.equal("error");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await blocked.reached()).to.equal(1);
  });

  it("reports fetch-timeout for a hanging endpoint with a short fetch-timeout, and aborts the request", async () => {
    const scripted = endpoint("hang");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} fetch-timeout="200" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const started = performance.now();
    await until(() => log.of("jumio-error").length === 1);
    expect(performance.now() - started).to.be.within(150, 2000);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change", "jumio-error"]);
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "idle" },
      { state: "error", previous: "fetching" },
    ]);
    expect(elementError(log.of("jumio-error")[0], /200 ms/)).to.deep.equal({
      source: "element",
      code: "fetch-timeout",
    });
    expect(element.state).to.equal("error");
    expect((await logUntil(scripted.log, (seen) => seen.aborted === 1)).aborted).to.equal(1);
  });

  it("waits for Retry-After: 1 after a 429, then loads", async () => {
    const scripted = endpoint("429,200");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const started = performance.now();
    await until(() => element.state === "loading");
    expect(performance.now() - started).to.be.greaterThan(950);
    await element.updateComplete;
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "idle" },
      { state: "loading", previous: "fetching" },
    ]);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
    expect((await scripted.log()).requests).to.have.length(2);
  });

  it("aborts the request when removed mid-fetch and dispatches nothing, not even a state change", async () => {
    const scripted = endpoint("hang");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await element.updateComplete;
    expect((await logUntil(scripted.log, (seen) => seen.requests.length === 1)).requests).to.have.length(1);
    const before = log.types();
    expect(before).to.deep.equal(["jumio-state-change"]);
    element.remove();
    expect((await logUntil(scripted.log, (seen) => seen.aborted === 1)).aborted).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.types()).to.deep.equal(before);
    expect(element.state).to.equal("fetching");
    expect((await scripted.log()).requests).to.have.length(1);
  });

  it("reports fetch-failed, with the reason as cause, when the page aborts the signal of its requestInit mid-fetch", async () => {
    const scripted = endpoint("hang");
    const controller = new AbortController();
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN} .requestInit=${{ signal: controller.signal }}></jumio-verification>`,
    );
    expect((await logUntil(scripted.log, (seen) => seen.requests.length === 1)).requests).to.have.length(1);
    const reason = new DOMException("The page left the step.", "AbortError");
    controller.abort(reason);
    await until(() => element.state === "error");
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change", "jumio-error"]);
    const { cause, ...detail } = log.of("jumio-error")[0]!.detail as { cause?: unknown };
    expect(cause).to.equal(reason);
    expect(detail).to.deep.equal({
      source: "element",
      code: "fetch-failed",
      description: "AbortError: The page left the step.",
    });
  });

  it("takes a fetch-timeout beyond what a timer holds (2³¹ − 1 ms) as that much: no fetch-timeout at once", async () => {
    const scripted = endpoint("hang");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} fetch-timeout="3000000000" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect((await logUntil(scripted.log, (seen) => seen.requests.length === 1)).requests).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(log.types()).to.deep.equal(["jumio-state-change"]);
    expect(element.state).to.equal("fetching");
  });
});

/** Has the web client in the element's frame say 9200; resolves with the frame of the renewal, once it is in. */
async function renewedOn9200(element: JumioVerificationElement, first: HTMLIFrameElement): Promise<HTMLIFrameElement> {
  await command(await frameWindow(element), { post: [jumioMessage({ value: "error", code: 9200 })] });
  await until(() => element.state === "loading");
  await element.updateComplete;
  const renewed = iframeOf(element)!;
  expect(renewed).to.not.equal(first);
  return renewed;
}
describe("auto-renew", () => {
  /** An element whose endpoint always answers one fake client href, loaded and said `loaded`. */
  async function loadedWithEndpoint(template: (url: string) => TemplateResult) {
    const scripted = endpoint("200");
    const { element } = mount(template(scripted.url));
    await until(() => element.state === "loading");
    const first = iframeOf(element)!;
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    return { element, scripted, first, log: record(element) };
  }

  for (const code of [9200, 9210]) {
    it(`fetches a fresh href once on error ${code} and loads it in a new iframe whose messages count afresh`, async () => {
      const { element, scripted, first, log } = await loadedWithEndpoint(
        (url) =>
          html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
      );
      await command(await frameWindow(element), { post: [jumioMessage({ value: "error", code })] });
      await until(() => element.state === "loading");
      await element.updateComplete;
      const second = iframeOf(element)!;
      expect(second).to.not.equal(first);
      expect(first.isConnected).to.equal(false);
      expect(element.shadowRoot!.querySelectorAll("iframe")).to.have.length(1);
      expect(second.src).to.equal(scripted.href);
      await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
      await until(() => log.of("jumio-loaded").length === 1);
      expect(log.types()).to.deep.equal([
        "jumio-message",
        "jumio-state-change",
        "jumio-error",
        "jumio-state-change",
        "jumio-state-change",
        "jumio-message",
        "jumio-state-change",
        "jumio-loaded",
      ]);
      expect(states(log)).to.deep.equal([
        { state: "error", previous: "loaded" },
        { state: "fetching", previous: "error" },
        { state: "loading", previous: "fetching" },
        { state: "loaded", previous: "loading" },
      ]);
      expect(log.of("jumio-error")[0]!.detail).to.include({ source: "jumio", code, retryable: false });
      expect(log.of("jumio-loaded")[0]!.detail.workflowExecutionId).to.equal(wireMessage().workflowExecutionId);
      expect((await scripted.log()).requests).to.have.length(2);
    });
  }

  it("renews from the endpoint when the page set href to an href that has expired", async () => {
    const { element, scripted, log } = await loadedWithEndpoint(
      (url) =>
        html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const expired = `${FAKE_CLIENT}?auto=expired&t=${crypto.randomUUID()}`;
    element.href = expired;
    await until(
      () =>
        log.of("jumio-error").length === 1 && element.state === "loading" && iframeOf(element)!.src === scripted.href,
    );
    expect(log.of("jumio-error")[0]!.detail).to.include({ source: "jumio", code: 9200 });
    expect((await scripted.log()).requests).to.have.length(2);
    expect(element.href).to.equal(expired);
  });

  it("does not renew when a jumio-error listener called preventDefault()", async () => {
    const { element, scripted, first, log } = await loadedWithEndpoint(
      (url) =>
        html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    element.addEventListener("jumio-error", (event) => event.preventDefault());
    const frame = await frameWindow(element);
    await command(frame, { post: [jumioMessage({ value: "error", code: 9200 }), jumioMessage({ value: "sentinel" })] });
    await until(() => log.of("jumio-message").length === 2);
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error", "jumio-message"]);
    expect(log.of("jumio-error")[0]!.defaultPrevented).to.equal(true);
    expect(element.state).to.equal("error");
    expect(iframeOf(element)).to.equal(first);
    expect((await scripted.log()).requests).to.have.length(1);
  });

  it("fetches once, not twice, when a jumio-error listener calls reload() on a renewable error", async () => {
    const { element, scripted, first } = await loadedWithEndpoint(
      (url) =>
        html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    element.addEventListener("jumio-error", () => element.reload());
    await renewedOn9200(element, first);
    expect((await logUntil(scripted.log, (seen) => seen.requests.length > 2)).requests).to.have.length(2);
    expect((await scripted.log()).aborted).to.equal(0);
  });

  it("does not renew without the auto-renew attribute", async () => {
    const { element, scripted, first, log } = await loadedWithEndpoint(
      (url) => html`<jumio-verification endpoint=${url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await command(await frameWindow(element), {
      post: [jumioMessage({ value: "error", code: 9200 }), jumioMessage({ value: "sentinel" })],
    });
    await until(() => log.of("jumio-message").length === 2);
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error", "jumio-message"]);
    expect(element.state).to.equal("error");
    expect(iframeOf(element)).to.equal(first);
    expect((await scripted.log()).requests).to.have.length(1);
  });

  it("does not renew on another error code (9400)", async () => {
    const { element, scripted, first, log } = await loadedWithEndpoint(
      (url) =>
        html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await command(await frameWindow(element), {
      post: [jumioMessage({ value: "error", code: 9400 }), jumioMessage({ value: "sentinel" })],
    });
    await until(() => log.of("jumio-message").length === 2);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error", "jumio-message"]);
    expect(iframeOf(element)).to.equal(first);
    expect((await scripted.log()).requests).to.have.length(1);
  });

  it("does not renew twice in a row when the renewed frame errors 9200 again before saying loaded", async () => {
    const { element, scripted, first, log } = await loadedWithEndpoint(
      (url) =>
        html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const second = await renewedOn9200(element, first);
    await command(await frameWindow(element), {
      post: [jumioMessage({ value: "error", code: 9200 }), jumioMessage({ value: "sentinel" })],
    });
    await until(() => log.of("jumio-message").length === 3);
    await element.updateComplete;
    expect(log.types()).to.deep.equal([
      "jumio-message",
      "jumio-state-change",
      "jumio-error",
      "jumio-state-change",
      "jumio-state-change",
      "jumio-message",
      "jumio-state-change",
      "jumio-error",
      "jumio-message",
    ]);
    expect(states(log).at(-1)).to.deep.equal({ state: "error", previous: "loading" });
    expect(element.state).to.equal("error");
    expect(iframeOf(element)).to.equal(second);
    expect((await scripted.log()).requests).to.have.length(2);
  });

  it("renews once, not again, when the renewed frame says loaded and then 9200 as the first one did", async () => {
    const { element, scripted, first, log } = await loadedWithEndpoint(
      (url) =>
        html`<jumio-verification endpoint=${url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const second = await renewedOn9200(element, first);
    await command(await frameWindow(element), {
      post: [jumioMessage({ value: "loaded" }), jumioMessage({ value: "error", code: 9200 })],
    });
    await until(() => log.of("jumio-error").length === 2);
    expect((await logUntil(scripted.log, (seen) => seen.requests.length > 2)).requests).to.have.length(2);
    expect(states(log).at(-1)).to.deep.equal({ state: "error", previous: "loaded" });
    expect(element.state).to.equal("error");
    expect(iframeOf(element)).to.equal(second);
  });
});
