import { expect, fixture, fixtureSync, html } from "@open-wc/testing";
import "../../src/index.js";
import { nothing } from "lit";
import type { JumioVerificationElement } from "../../src/element.js";
import { command, endpoint, FAKE_CLIENT, FIXTURE_ORIGIN, fixtureRequests, frameWindow, GUIDE_ALLOW, iframeOf, jumioMessage, mount, received, record, serverRenderedFrame, settle, states, until, WORKFLOW_ID } from "./helpers.js";

/** Posts `loaded` from the element's current frame and waits for the state. */
async function sayLoaded(element: JumioVerificationElement) {
  await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
  await until(() => element.state === "loaded");
}

/** Records every value the listed attributes take, as `name=value` (null when removed). */
function attributeChanges(element: Element, names: string[]) {
  const seen: string[] = [];
  const observer = new MutationObserver((mutations) => {
    for (const { attributeName } of mutations) seen.push(`${attributeName}=${element.getAttribute(attributeName!)}`);
  });
  observer.observe(element, { attributes: true, attributeFilter: names });
  return { seen, stop: () => observer.disconnect() };
}

/** Records `message` listeners added to window; live = neither removed nor with an aborted signal. */
function instrumentMessageListeners() {
  type Entry = { listener: unknown; capture: boolean; signal: AbortSignal | undefined; removed: boolean };
  const entries: Entry[] = [];
  const captureOf = (options: boolean | EventListenerOptions | undefined) => (typeof options === "boolean" ? options : Boolean(options?.capture));
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  window.addEventListener = function (this: Window, type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) {
    if (type === "message") {
      entries.push({ listener, capture: captureOf(options), signal: typeof options === "object" ? options.signal : undefined, removed: false });
    }
    return add.call(this, type, listener, options);
  } as typeof window.addEventListener;
  window.removeEventListener = function (this: Window, type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions) {
    if (type === "message") {
      for (const entry of entries) if (entry.listener === listener && entry.capture === captureOf(options)) entry.removed = true;
    }
    return remove.call(this, type, listener, options);
  } as typeof window.removeEventListener;
  return {
    added: () => entries.length,
    live: () => entries.filter((entry) => !entry.removed && !entry.signal?.aborted).length,
    restore() {
      Reflect.deleteProperty(window, "addEventListener");
      Reflect.deleteProperty(window, "removeEventListener");
    },
  };
}

/** Counts the targets observed by live ResizeObservers. */
function instrumentResizeObservers() {
  const proto = ResizeObserver.prototype;
  const { observe, unobserve, disconnect } = proto;
  const observed = new Map<ResizeObserver, Set<Element>>();
  let calls = 0;
  proto.observe = function (this: ResizeObserver, target: Element, options?: ResizeObserverOptions) {
    calls++;
    const targets = observed.get(this) ?? new Set<Element>();
    observed.set(this, targets.add(target));
    return observe.call(this, target, options);
  };
  proto.unobserve = function (this: ResizeObserver, target: Element) {
    observed.get(this)?.delete(target);
    return unobserve.call(this, target);
  };
  proto.disconnect = function (this: ResizeObserver) {
    observed.delete(this);
    return disconnect.call(this);
  };
  return {
    calls: () => calls,
    live: () => [...observed.values()].reduce((sum, targets) => sum + targets.size, 0),
    restore() {
      Object.assign(proto, { observe, unobserve, disconnect });
    },
  };
}

/** An element on a fresh href of the fake client, whose documents say loaded by themselves; once loaded. */
async function loadedElement() {
  const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
  const element = await fixture<JumioVerificationElement>(html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`);
  await until(() => element.state === "loaded");
  /** How many times the fake client has served href. */
  const loads = async () => (await fixtureRequests()).filter((url) => url === href.slice(FIXTURE_ORIGIN.length)).length;
  return { element, href, loads };
}

describe("reload()", () => {
  it("loads href again in a new iframe and dispatches jumio-loaded again for the same workflow", async () => {
    // Each document of the fake client says loaded by itself: the second jumio-loaded is the new document's.
    const { element, href, loads } = await loadedElement();
    const first = iframeOf(element)!;
    const firstWindow = first.contentWindow!;
    const log = record(element);
    element.reload();
    await element.updateComplete;
    expect(element.state).to.equal("loading");
    expect(iframeOf(element)).to.not.equal(first);
    expect(first.isConnected).to.equal(false);
    // The previous document is gone with its frame: nothing it could post is left to count.
    expect(firstWindow.closed).to.equal(true);
    await until(() => log.of("jumio-loaded").length === 1);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-message", "jumio-state-change", "jumio-loaded"]);
    expect(states(log)).to.deep.equal([
      { state: "loading", previous: "loaded" },
      { state: "loaded", previous: "loading" },
    ]);
    expect(log.of("jumio-loaded")[0]!.detail.workflowExecutionId).to.equal(WORKFLOW_ID);
    expect(iframeOf(element)!.src).to.equal(href);
    expect(await loads()).to.equal(2);
  });

  it("does not count a message of the previous document, posted just before reload(), for the new navigation", async () => {
    let element: JumioVerificationElement | undefined;
    let previous: Window | null = null;
    // Added before the element's own listener, so called first: it reloads as the message arrives.
    const reloadOnIt = (event: MessageEvent) => {
      if (event.source !== previous) return;
      window.removeEventListener("message", reloadOnIt);
      element!.reload();
    };
    window.addEventListener("message", reloadOnIt);
    element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    previous = iframeOf(element)!.contentWindow;
    const log = record(element);
    // Told by its data: WebKit gives no source for a message of a frame that is gone.
    const arrived = received((event) => String(event.data).includes("previous-document"));
    // Not awaited: the frame is gone before it can say done.
    void command(previous!, { post: [jumioMessage({ value: "loaded", customerInternalReference: "previous-document" })] });
    await arrived;
    await settle(element);
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loading");
    expect(iframeOf(element)!.contentWindow === previous, "the same window").to.equal(false);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-loaded"]);
  });

  it("fetches again from endpoint and loads the answer in a new iframe", async () => {
    const scripted = endpoint("200");
    const { element } = mount(html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`);
    await until(() => element.state === "loading");
    await sayLoaded(element);
    const first = iframeOf(element)!;
    const log = record(element);
    element.reload();
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(iframeOf(element)).to.not.equal(first);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "loaded" },
      { state: "loading", previous: "fetching" },
    ]);
    expect((await scripted.log()).requests).to.have.length(2);
  });

  it("retries from the error slot's Try again button", async () => {
    const scripted = endpoint("400,200");
    const { element, log } = mount(html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`);
    await until(() => element.state === "error");
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLButtonElement>('slot[name="error"] button')!.click();
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "idle" },
      { state: "error", previous: "fetching" },
      { state: "fetching", previous: "error" },
      { state: "loading", previous: "fetching" },
    ]);
    expect(element.shadowRoot!.querySelector('slot[name="error"]')).to.equal(null);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
  });
});

describe("connecting and disconnecting", () => {
  it("leaves no message listener on window and no observed ResizeObserver target after 1,000 connect/disconnect cycles", async () => {
    const container = await fixture<HTMLDivElement>(html`<div style="width: 700px"></div>`);
    const listeners = instrumentMessageListeners();
    const observers = instrumentResizeObservers();
    try {
      const element = document.createElement("jumio-verification");
      for (let cycle = 0; cycle < 1000; cycle++) {
        container.append(element);
        if (cycle % 2 === 0) await element.updateComplete;
        if (cycle === 500) {
          expect(listeners.live(), "message listeners while connected").to.equal(1);
          expect(observers.live(), "observed targets while connected").to.equal(1);
        }
        element.remove();
      }
      await element.updateComplete;
      expect(listeners.added()).to.equal(1000);
      expect(observers.calls()).to.be.at.least(500);
      expect(listeners.live(), "message listeners after the cycles").to.equal(0);
      expect(observers.live(), "observed targets after the cycles").to.equal(0);
    } finally {
      listeners.restore();
      observers.restore();
    }
    expect(window.addEventListener).to.equal(EventTarget.prototype.addEventListener);
    expect(Object.hasOwn(window, "addEventListener")).to.equal(false);
  });

  it("removes its frame as it is disconnected; connected again later, it loads href once more, in a new frame", async () => {
    const { element, loads } = await loadedElement();
    const first = iframeOf(element)!;
    const parent = element.parentElement!;
    element.remove();
    expect(first.isConnected).to.equal(false);
    expect(iframeOf(element)).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve));
    const log = record(element);
    parent.append(element);
    // Back in the shadow root, the old frame would have asked for href again on the append.
    await until(() => log.of("jumio-loaded").length === 1);
    expect(iframeOf(element)).to.not.equal(first);
    expect(first.isConnected).to.equal(false);
    expect(await loads()).to.equal(2);
  });

  it("starts nothing while disconnected: connected and removed in one task, or reloaded once removed", async () => {
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement("jumio-verification");
    Object.assign(element, { href, allowedOrigins: FIXTURE_ORIGIN });
    const log = record(element);
    container.append(element);
    element.remove();
    await element.updateComplete;
    element.reload();
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(iframeOf(element)).to.equal(null);
    expect(element.state).to.equal("idle");
    expect(log.types()).to.deep.equal([]);
    expect((await fixtureRequests()).filter((url) => url === href.slice(FIXTURE_ORIGIN.length))).to.have.length(0);
    // Connected again, it starts: once, in one frame.
    container.append(element);
    await until(() => element.state === "loaded");
    expect(log.of("jumio-loaded")).to.have.length(1);
    expect(element.shadowRoot!.querySelectorAll("iframe")).to.have.length(1);
  });
});

describe("changing attributes of a loaded element", () => {
  it("stays loaded, with no load-timeout, when allowed-origins gains an origin", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification load-timeout="300" href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.allowedOrigins = `${FIXTURE_ORIGIN} https://proxy.example`;
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(log.of("jumio-error")).to.deep.equal([]);
    expect(element.state).to.equal("loaded");
  });

  it("loads the frame again when href is set to the URL the endpoint already loaded", async () => {
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const scripted = `/__endpoint?${new URLSearchParams({ id: crypto.randomUUID(), script: "200", href })}`;
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification endpoint=${scripted} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.href = href;
    await until(() => log.of("jumio-loaded").length === 1);
    expect(states(log)).to.deep.equal([
      { state: "loading", previous: "loaded" },
      { state: "loaded", previous: "loading" },
    ]);
    const path = new URL(href).pathname + new URL(href).search;
    expect((await fixtureRequests()).filter((url) => url === path)).to.have.length(2);
  });

  it("reports invalid-href and removes the frame when allowed-origins drops the href's origin", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.allowedOrigins = "";
    await settle(element);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.include({ source: "element", code: "invalid-href" });
    expect(iframeOf(element)).to.equal(null);
  });
});

describe("an adopted (server-rendered) iframe", () => {
  /** The element around a server-rendered iframe of the fake client, once that said loaded. */
  async function loadedAdopting() {
    const element = await fixture<JumioVerificationElement>(html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame()}</jumio-verification>`);
    await until(() => element.state === "loaded");
    return element;
  }

  it("is trusted for the URL it loads: a relative src on an allowed origin, resolved as the browser does", async () => {
    const element = await fixture<JumioVerificationElement>(html`
      <jumio-verification allowed-origins=${location.origin}>
        ${serverRenderedFrame(`/test/fixtures/fake-client.html?auto=loaded&t=${crypto.randomUUID()}`)}
      </jumio-verification>
    `);
    await until(() => element.state !== "loading");
    expect(element.state).to.equal("loaded");
  });

  // The page's own origin is allowed where a src that resolves to the page could pass for it.
  const withPage = `${FIXTURE_ORIGIN} ${location.origin}`;
  for (const [name, src, allowed, srcdoc] of [
    ["an absolute src on an origin that is not allowed", "https://acme.web.amer-1.jumio.ai.evil.example/web/v4/app?authorizationToken=t", FIXTURE_ORIGIN, null],
    ["a relative src on the page's origin, which is not allowed", "/test/fixtures/fake-client.html?auto=loaded", FIXTURE_ORIGIN, null],
    ["an empty src (the browser loads about:blank, not the page)", "", withPage, null],
    ["no src", null, withPage, null],
    ["a trusted src that a srcdoc overrides (the frame loads the srcdoc)", `${FAKE_CLIENT}?auto=loaded`, FIXTURE_ORIGIN, "<p>page text</p>"],
  ] as const) {
    it(`refuses ${name}: invalid-href, the frame sent to about:blank, nothing from it dispatched`, async () => {
      const { element, log } = mount(html`
        <jumio-verification allowed-origins=${allowed}>
          <iframe src=${src ?? nothing} srcdoc=${srcdoc ?? nothing} title="Identity verification" allow=${GUIDE_ALLOW} allowfullscreen></iframe>
        </jumio-verification>
      `);
      await element.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
      expect(log.of("jumio-error")[0]!.detail).to.include({ source: "element", code: "invalid-href" });
      expect(element.state).to.equal("error");
      const iframe = element.querySelector("iframe")!;
      expect(iframe.getAttribute("src")).to.equal("about:blank");
      await until(() => {
        try {
          return iframe.contentWindow!.location.href === "about:blank";
        } catch {
          return false; // still on another origin's document
        }
      });
    });
  }

  it("names in a console warning what it lacks of the guide's permissions, and warns of nothing when it has them", async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await fixture(html`
        <jumio-verification allowed-origins=${FIXTURE_ORIGIN}>
          <iframe src=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} title="Identity verification" allow="camera; autoplay; gyroscope"></iframe>
        </jumio-verification>
      `);
      await fixture(html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame()}</jumio-verification>`);
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.deep.equal([
      ["jumio-verification: the adopted iframe lacks fullscreen, accelerometer, magnetometer, allowfullscreen; camera capture may fail."],
    ]);
  });

  it("keeps its document, its state and no load-timeout when href or endpoint is set: it follows its own src", async () => {
    const src = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const element = await fixture<JumioVerificationElement>(html`
      <jumio-verification load-timeout="300" allowed-origins=${FIXTURE_ORIGIN}>
        ${serverRenderedFrame(src)}
      </jumio-verification>
    `);
    await until(() => element.state === "loaded");
    const iframe = element.querySelector("iframe")!;
    const log = record(element);
    element.href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    element.endpoint = "/api/verification";
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loaded");
    expect(element.querySelector("iframe")).to.equal(iframe);
    expect(iframeOf(element)).to.equal(null);
    const path = src.slice(FIXTURE_ORIGIN.length);
    expect((await fixtureRequests()).filter((url) => url === path)).to.have.length(1);
  });

  it("goes back to href when the page removes the adopted iframe", async () => {
    const element = await loadedAdopting();
    element.querySelector("iframe")!.remove();
    await until(() => element.state === "idle");
    const log = record(element);
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    element.href = href;
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(href);
    expect(log.of("jumio-loaded")).to.have.length(1);
  });

  it("adopts an iframe the page puts before it, and leaves the first one where the page has it", async () => {
    const element = await loadedAdopting();
    const first = element.querySelector("iframe")!;
    const second = Object.assign(document.createElement("iframe"), { src: `${FAKE_CLIENT}?t=${crypto.randomUUID()}`, title: "Identity verification", allow: GUIDE_ALLOW, allowFullscreen: true });
    const log = record(element);
    element.prepend(second);
    await until(() => element.state === "loading");
    expect(first.parentElement).to.equal(element);
    expect(iframeOf(element)).to.equal(null);
    // The new one's messages count now; the first one's no longer do.
    await command(first.contentWindow!, { post: [jumioMessage({ value: "loaded" })] });
    await command(second.contentWindow!, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.of("jumio-loaded")).to.have.length(1);
  });
});

describe("label", () => {
  it("names the iframe Identity verification by default", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(iframeOf(element)!.title).to.equal("Identity verification");
  });

  it("becomes the iframe's title, and follows a change without reloading the frame", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification label="Verify your passport" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const frame = iframeOf(element)!;
    expect(frame.getAttribute("title")).to.equal("Verify your passport");
    element.setAttribute("label", "Vérifiez votre identité");
    await element.updateComplete;
    expect(iframeOf(element)).to.equal(frame);
    expect(frame.getAttribute("title")).to.equal("Vérifiez votre identité");
  });
});

describe("reflected attributes", () => {
  it("reflects state through fetching, loading, loaded and success, and size-class", async () => {
    const scripted = endpoint("200");
    const element = fixtureSync<JumioVerificationElement>(
      html`<div style="width: 600px"><jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification></div>`,
    ).querySelector("jumio-verification")!;
    const changes = attributeChanges(element, ["state"]);
    await until(() => element.state === "loading");
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" }), jumioMessage({ value: "success" })] });
    await until(() => element.state === "success");
    await until(() => element.getAttribute("size-class") === "small");
    changes.stop();
    expect(changes.seen).to.deep.equal(["state=fetching", "state=loading", "state=loaded", "state=success"]);
    expect(element.getAttribute("state")).to.equal(element.state);
    expect(element.getAttribute("size-class")).to.equal(element.sizeClass);
  });

  it("reflects state=idle on an element with neither href nor endpoint", async () => {
    const element = await fixture<JumioVerificationElement>(html`<jumio-verification></jumio-verification>`);
    expect(element.state).to.equal("idle");
    expect(element.getAttribute("state")).to.equal("idle");
  });

  it("has aria-busy while fetching and loading, and not once loaded", async () => {
    const scripted = endpoint("200");
    const { element } = mount(html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`);
    await element.updateComplete;
    expect(element.state).to.equal("fetching");
    expect(element.hasAttribute("aria-busy"), "fetching").to.equal(true);
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(element.hasAttribute("aria-busy"), "loading").to.equal(true);
    await sayLoaded(element);
    await element.updateComplete;
    expect(element.hasAttribute("aria-busy"), "loaded").to.equal(false);
  });

  it("has no aria-busy in the error state", async () => {
    const { element } = mount(html`<jumio-verification href="javascript:void 0"></jumio-verification>`);
    await element.updateComplete;
    expect(element.state).to.equal("error");
    expect(element.hasAttribute("aria-busy")).to.equal(false);
  });

  it('says aria-busy="true" while loading', async () => {
    const { element } = mount(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await element.updateComplete;
    expect(element.state).to.equal("loading");
    expect(element.getAttribute("aria-busy")).to.equal("true");
  });
});

describe("accessibility", () => {
  it("passes axe in the loaded state", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await sayLoaded(element);
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it("passes axe in the error state", async () => {
    const element = await fixture<JumioVerificationElement>(html`<jumio-verification href="https://evil-jumio.ai/web/v4/app"></jumio-verification>`);
    expect(element.state).to.equal("error");
    expect(element.shadowRoot!.querySelector('slot[name="error"] button')).to.not.equal(null);
    await expect(element).to.be.accessible();
  });

  it("passes axe in the loading state", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(element.state).to.equal("loading");
    await expect(element).to.be.accessible();
  });
});

describe("the live region", () => {
  const announced = (element: JumioVerificationElement) => element.shadowRoot!.querySelector('[role="status"]')!.textContent;

  it("announces loaded, then a retryable error's description, then completion", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification label="ID check" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(announced(element)).to.equal("");
    const frame = await frameWindow(element);
    await command(frame, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    await element.updateComplete;
    expect(announced(element)).to.equal("ID check: loaded.");
    await command(frame, { post: [jumioMessage({ value: "error", code: 9800 })] });
    await until(() => announced(element) === "User has no network connection.");
    expect(element.state).to.equal("loaded");
    await command(frame, { post: [jumioMessage({ value: "success" })] });
    await until(() => element.state === "success");
    await element.updateComplete;
    expect(announced(element)).to.equal("ID check: completed.");
  });

  it("announces an element error's description", async () => {
    const element = await fixture<JumioVerificationElement>(html`<jumio-verification href="javascript:alert(1)"></jumio-verification>`);
    expect(announced(element)).to.equal("The href is neither a Jumio URL nor on an allowed origin.");
  });
});

describe("removed attributes", () => {
  it("treats a removed allowed-origins as none: the fake client's href is no longer trusted", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.removeAttribute("allowed-origins");
    await settle(element);
    expect(log.of("jumio-error").map((event) => event.detail.code)).to.deep.equal(["invalid-href"]);
    expect(iframeOf(element)).to.equal(null);
  });
});

describe("listeners of the events that come with an update (README, Events)", () => {
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
