import { expect, html } from "@open-wc/testing";
import "../../src/index.js";
import { endpoint, FAKE_CLIENT, FIXTURE_ORIGIN, fixtureRequests, iframeOf, mount, states, until } from "./helpers.js";

describe("listeners that change the element from its events (docs/element.md)", () => {
  /** An element whose first updates are over (its width observed): nothing else updates it. */
  async function settled() {
    const { element, log } = mount(html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`);
    await element.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await element.updateComplete;
    return { element, log };
  }

  it("loads the href that a jumio-error listener sets at once on invalid-href", async () => {
    const fixed = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const { element, log } = await settled();
    element.addEventListener("jumio-error", () => (element.href = fixed), { once: true });
    element.href = "https://evil.example/web/v4/app";
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(fixed);
    expect(states(log).map(({ state }) => state)).to.deep.equal(["error", "loading", "loaded"]);
  });

  it("loads the href that a jumio-error listener sets a microtask after invalid-href", async () => {
    const fixed = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const { element, log } = await settled();
    element.addEventListener("jumio-error", () => queueMicrotask(() => (element.href = fixed)), { once: true });
    element.href = "https://evil.example/web/v4/app";
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(fixed);
    expect(states(log).map(({ state }) => state)).to.deep.equal(["error", "loading", "loaded"]);
  });

  it("loads the href that a jumio-error listener sets at once with the allowed-origins it needs", async () => {
    const { element, log } = mount(html`<jumio-verification></jumio-verification>`);
    await element.updateComplete;
    const fixed = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    element.addEventListener(
      "jumio-error",
      () => {
        element.allowedOrigins = FIXTURE_ORIGIN;
        element.href = fixed;
      },
      { once: true },
    );
    element.href = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(fixed);
    expect(states(log).map(({ state }) => state)).to.deep.equal(["error", "loading", "loaded"]);
  });

  it("loads again with the allowed-origins that a jumio-error listener sets alone on invalid-href", async () => {
    const { element, log } = mount(html`<jumio-verification></jumio-verification>`);
    await element.updateComplete;
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    element.addEventListener("jumio-error", () => (element.allowedOrigins = FIXTURE_ORIGIN), { once: true });
    element.href = href;
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(href);
    expect(states(log).map(({ state }) => state)).to.deep.equal(["error", "loading", "loaded"]);
  });

  for (const type of ["jumio-message", "jumio-loaded"] as const) {
    it(`loads again, in a new frame, when a ${type} listener calls reload() as the web client loads`, async () => {
      const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
      const { element, log } = await settled();
      let first: HTMLIFrameElement | null = null;
      element.addEventListener(
        type,
        () => {
          first = iframeOf(element);
          element.reload();
        },
        { once: true },
      );
      element.href = href;
      await until(() => first !== null && iframeOf(element) !== first && element.state === "loaded");
      expect(iframeOf(element)!.src).to.equal(href);
      expect((await fixtureRequests()).filter((url) => url === href.slice(FIXTURE_ORIGIN.length))).to.have.length(2);
      expect(log.of("jumio-loaded").length).to.be.within(1, 2);
    });
  }

  it("asks only the endpoint that a jumio-state-change listener sets as fetching starts, once", async () => {
    const { element } = await settled();
    const first = endpoint("200", `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`);
    const second = endpoint("200", `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`);
    element.addEventListener("jumio-state-change", () => (element.endpoint = second.url), { once: true });
    element.endpoint = first.url;
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(second.href);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([(await first.log()).requests.length, (await second.log()).requests.length]).to.deep.equal([0, 1]);
  });

  it("loads again when a jumio-state-change listener calls reload() as loading starts", async () => {
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const { element, log } = await settled();
    let first: HTMLIFrameElement | null = null;
    element.addEventListener(
      "jumio-state-change",
      () => {
        first = iframeOf(element);
        element.reload();
      },
      { once: true },
    );
    element.href = href;
    await until(() => element.state === "loaded");
    expect(first).to.not.equal(null);
    expect(iframeOf(element)).to.not.equal(first);
    expect(iframeOf(element)!.src).to.equal(href);
    expect(log.of("jumio-loaded")).to.have.length(1);
  });

  it("keeps the page responsive when a jumio-error listener calls reload() on every invalid-href", async () => {
    const { element, log } = await settled();
    const retry = () => element.reload();
    element.addEventListener("jumio-error", retry);
    element.href = "https://evil.example/web/v4/app";
    // A timer still fires: the retries take a task each, not a microtask loop.
    await new Promise((resolve) => setTimeout(resolve, 100));
    element.removeEventListener("jumio-error", retry);
    const errors = log.of("jumio-error").length;
    expect(errors).to.be.above(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.of("jumio-error").length).to.be.at.most(errors + 1);
    expect(element.state).to.equal("error");
  });

  it("does not update again and again for an endpoint that is not a string", async () => {
    const { element } = await settled();
    let updates = 0;
    const host = element as unknown as { updated(): void };
    const updated = host.updated;
    host.updated = function (this: unknown) {
      updates++;
      updated.call(this);
    };
    (element as unknown as { endpoint: unknown }).endpoint = NaN;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One update for the change (another at most, should the width be observed late); a loop makes dozens.
    expect(updates).to.be.within(1, 2);
    expect(element.state).to.equal("idle");
  });
});
