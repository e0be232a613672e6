import { expect, fixtureSync, html } from "@open-wc/testing";
import { resetMouse, sendKeys, sendMouse } from "@web/test-runner-commands";
import "../../src/index.js";
import { checkCameraSupport } from "../../src/camera-support.js";
import type { JumioErrorEvent, JumioPreflightEvent } from "../../src/element/events.js";
import type { JumioVerificationElement } from "../../src/element.js";
import type { JumioRedirect } from "../../src/redirect.js";
import { listenForRedirect } from "../../src/relay.js";
import {
  ACCOUNT_ID,
  command,
  embedded,
  endpoint,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  fixtureRequests,
  frameWindow,
  iframeOf,
  jumioMessage,
  mount,
  serverRenderedFrame,
  settle,
  states,
  until,
  WORKFLOW_ID,
} from "./helpers.js";

const CHROMIUM = navigator.userAgent.includes("Chrome/");
// Chromium's launcher (Playwright: --disable-popup-blocking) and Firefox's (Puppeteer's
// dom.disable_open_during_load) let a script open tabs; WebKit's MiniBrowser does not.
const SCRIPTS_OPEN_TABS = CHROMIUM || navigator.userAgent.includes("Firefox/");

/** Every tab the page opens, closed after each test: the element calls window.open, which this records. */
let tabs: Window[] = [];
/** Whether the tabs opened refuse their sessionStorage to this page, as where storage is blocked. */
let storageBlocked = false;
const open = window.open;
beforeEach(() => {
  window.open = (...args: Parameters<typeof open>) => {
    const tab = open.apply(window, args);
    if (tab) tabs.push(tab);
    if (tab && storageBlocked) {
      Object.defineProperty(tab, "sessionStorage", {
        get: () => {
          throw new DOMException("The operation is insecure.", "SecurityError");
        },
      });
    }
    return tab;
  };
});
afterEach(() => {
  window.open = open;
  storageBlocked = false;
  for (const tab of tabs) tab.close();
  tabs = [];
});

/** Records the element's jumio-preflight events. */
function preflights(element: HTMLElement): JumioPreflightEvent[] {
  const events: JumioPreflightEvent[] = [];
  element.addEventListener("jumio-preflight", (event) => events.push(event));
  return events;
}

/** How many times the fake client has served `href`. */
const servings = async (href: string) =>
  (await fixtureRequests()).filter((url) => url === href.slice(FIXTURE_ORIGIN.length)).length;

/** Resolves with the first value of `get` that passes `condition`, asking again until it does (8 s at most). */
async function eventually<T>(get: () => Promise<T>, condition: (value: T) => boolean): Promise<T> {
  const start = performance.now();
  const late = new Error(`condition not met in 8000 ms: ${condition}`);
  for (;;) {
    const value = await get();
    if (condition(value)) return value;
    if (performance.now() - start > 8000) throw late;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Scrolls `target` into view, and waits for Chromium, which hit-tests input where its compositor has scrolled to. */
async function scrolledTo(target: Element): Promise<void> {
  target.scrollIntoView({ block: "center" });
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** A real click in the middle of `target`: a user gesture, as window.open needs in WebKit. */
async function click(target: Element): Promise<void> {
  await scrolledTo(target);
  const { x, y, width, height } = target.getBoundingClientRect();
  await sendMouse({ type: "click", position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
  await resetMouse();
}

/** The default content of the `handover` slot, when the slot is shown. */
const handoverButton = (element: JumioVerificationElement) =>
  element.shadowRoot!.querySelector<HTMLButtonElement>('slot[name="handover"] button');

/** The texts of the notices the element shows. */
const notices = (element: JumioVerificationElement) =>
  [...element.shadowRoot!.querySelectorAll(".notice p")].map((p) => p.textContent);

/** Has the web client in `frame` post error `code`; resolves with the element's jumio-error, once the element has updated. */
async function sayError(element: JumioVerificationElement, frame: Window, code: number): Promise<JumioErrorEvent> {
  const error = new Promise<JumioErrorEvent>((resolve) =>
    element.addEventListener("jumio-error", resolve, { once: true }),
  );
  await command(frame, { post: [jumioMessage({ value: "error", code })] });
  const event = await error;
  await element.updateComplete;
  return event;
}

/** Clicks `target` and resolves with the tab that opened, once the element says handed-over. */
async function handOverBy(element: JumioVerificationElement, target: Element): Promise<Window> {
  await click(target);
  await until(() => tabs.length > 0 && element.state === "handed-over");
  expect(tabs).to.have.length(1);
  return tabs[0]!;
}

/** The query Jumio's web client appends to successUrl / errorUrl (seed: "Success and Error URLs"). */
const redirectQuery = (fields: Record<string, string>) =>
  new URLSearchParams({ accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID, ...fields }).toString();

/**
 * Navigates a tab the page opened: from here once it shows a page of this origin; otherwise it
 * navigates itself, on the fake client (cut from its opener, it may not be navigated from here).
 * A tab still on the about:blank it opened with is on its way to the fake client: a navigation
 * from here could lose the race with that one.
 */
async function navigateTab(tab: Window, url: string): Promise<void> {
  let shown: string | undefined;
  try {
    shown = tab.location.href;
  } catch {}
  if (shown === undefined || shown === "about:blank") await command(tab, { navigate: url });
  else tab.location.href = url;
}

/**
 * Loads the success or error page (test/fixtures/relay-redirect.html, on this page's origin) in
 * `tab`, as the handed-over tab's redirect does, or by default in an iframe of this page, and
 * resolves once the redirect it relays has reached this page: heard on a channel of its own, then
 * given the element's a moment too.
 */
async function relayFromPage(query: string, tab?: Window): Promise<void> {
  const heard: JumioRedirect[] = [];
  const stop = new AbortController();
  listenForRedirect((redirect) => heard.push(redirect), stop.signal);
  const src = `/test/fixtures/relay-redirect.html?${query}`;
  let frame: HTMLIFrameElement | undefined;
  const answer = new Promise<unknown>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (!frame || event.source !== frame.contentWindow) return;
      window.removeEventListener("message", listener);
      resolve(event.data);
    };
    window.addEventListener("message", listener);
  });
  if (tab) await navigateTab(tab, new URL(src, location.href).href);
  else frame = fixtureSync<HTMLIFrameElement>(html`<iframe src=${src}></iframe>`);
  try {
    if (frame) expect(await answer).to.deep.equal({ relayed: true });
    await until(() => heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    stop.abort();
    frame?.remove();
  }
}

const SUCCESS = redirectQuery({ acquisitionStatus: "SUCCESS" });

describe("jumio-preflight", () => {
  it("is dispatched once per run, cancelable, with checkCameraSupport()'s result: ok on this secure page", async () => {
    const { element, log } = mount(
      html`<jumio-verification href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const events = preflights(element);
    await until(() => events.length > 0 && element.state === "loaded");
    await settle(element);
    expect(events).to.have.length(1);
    const [event] = events;
    expect(event!.cancelable).to.equal(true);
    expect(event!.bubbles && event!.composed).to.equal(true);
    // Chromium exposes document.featurePolicy; Firefox and WebKit have no permissions policy API.
    expect(event!.detail).to.deep.equal({
      ok: true,
      problems: [],
      unchecked: CHROMIUM ? [] : ["permissions-policy"],
    });
    expect(event!.detail).to.deep.equal(await checkCameraSupport());
    expect(log.of("jumio-loaded")).to.have.length(1);
  });

  it("is dispatched once in endpoint mode, and a listener that sets endpoint from it is followed", async () => {
    const first = endpoint("200");
    const second = endpoint("200");
    const { element } = mount(
      html`<jumio-verification endpoint=${first.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const events = preflights(element);
    element.addEventListener("jumio-preflight", () => (element.endpoint = second.url), { once: true });
    await until(() => events.length === 2 && element.state === "loading");
    await settle(element);
    expect(events).to.have.length(2);
    expect(iframeOf(element)!.src).to.equal(second.href);
    expect((await second.log()).requests).to.have.length(1);
  });

  it("is dispatched once for an adopted (server-rendered) frame", async () => {
    const { element } = mount(
      html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame()}</jumio-verification>`,
    );
    const events = preflights(element);
    await until(() => events.length > 0 && element.state === "loaded");
    await settle(element);
    expect(events).to.have.length(1);
    expect(events[0]!.detail.ok).to.equal(true);
  });

  it("is not dispatched for an element with no source, and is once it gets an href", async () => {
    const { element } = mount(html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`);
    const events = preflights(element);
    // A control beside it, from the same moment: once its preflight is out, the other's would be too.
    const control = mount(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    ).element;
    const controlEvents = preflights(control);
    await until(() => controlEvents.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).to.have.length(0);
    expect(element.state).to.equal("idle");
    element.href = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    await until(() => events.length > 0);
    await settle(element);
    expect(events).to.have.length(1);
  });

  it("is not dispatched for an auto-renew renewal", async () => {
    const scripted = endpoint("200");
    const { element } = mount(
      html`<jumio-verification endpoint=${scripted.url} auto-renew allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const events = preflights(element);
    await until(() => element.state === "loading" && events.length === 1);
    const first = iframeOf(element);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "error", code: 9200 })] });
    // The renewal asks the endpoint after the point where a preflight would be dispatched.
    await until(() => iframeOf(element) !== first && element.state === "loading");
    expect((await scripted.log()).requests).to.have.length(2);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    await settle(element);
    expect(events).to.have.length(1);
  });

  it("leaves after a task: a listener that sets href is followed by a new run, with its own preflight", async () => {
    const first = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    const second = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const { element, log } = mount(
      html`<jumio-verification href=${first} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const events = preflights(element);
    element.addEventListener("jumio-preflight", () => (element.href = second), { once: true });
    // Not from inside the element's first update.
    await element.updateComplete;
    expect(events).to.have.length(0);
    await until(() => element.state === "loaded");
    await settle(element);
    expect(iframeOf(element)!.src).to.equal(second);
    expect(events).to.have.length(2);
    expect(states(log).map(({ state }) => state)).to.deep.equal(["loading", "loaded"]);
  });

  it("cancelled, changes nothing where the camera can work: the frame loads as usual", async () => {
    const { element } = mount(
      html`<jumio-verification href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    element.addEventListener("jumio-preflight", (event) => event.preventDefault());
    await until(() => element.state === "loaded");
    expect(handoverButton(element)).to.equal(null);
  });
});

describe("the handover offered after the web client's error", () => {
  for (const code of [9820, 9822]) {
    it(`shows the handover slot with its default button on error ${code}`, async () => {
      const { element, frame } = await embedded();
      expect(handoverButton(element)).to.equal(null);
      const error = await sayError(element, frame, code);
      expect(error.detail).to.include({ source: "jumio", code });
      const button = handoverButton(element);
      expect(button?.textContent).to.equal("Continue in a new tab");
      expect(button!.getClientRects()).to.have.length.above(0);
      expect(element.state).to.equal("error");
    });
  }

  it("is not offered when the jumio-error is cancelled", async () => {
    const { element, frame } = await embedded();
    element.addEventListener("jumio-error", (event) => event.preventDefault());
    const error = await sayError(element, frame, 9820);
    expect(error.defaultPrevented).to.equal(true);
    expect(handoverButton(element)).to.equal(null);
  });

  it('is not offered with handover="off"', async () => {
    const { element, frame } = await embedded();
    element.handover = "off";
    await element.updateComplete;
    await sayError(element, frame, 9822);
    expect(handoverButton(element)).to.equal(null);
  });

  it('is taken back when handover is set to "off" after it was offered', async () => {
    const { element, frame } = await embedded();
    await sayError(element, frame, 9820);
    expect(handoverButton(element)).not.to.equal(null);
    element.handover = "off";
    await element.updateComplete;
    expect(handoverButton(element)).to.equal(null);
  });

  it("opens no tab on a click on the notice's text: only a button in the slot hands over", async () => {
    const { element, frame } = await embedded();
    await sayError(element, frame, 9820);
    await click(element.shadowRoot!.querySelector('slot[name="handover"] p')!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(tabs).to.have.length(0);
    expect(element.state).to.equal("error");
  });

  for (const code of [9100, 9200]) {
    it(`is not offered on error ${code}`, async () => {
      const { element, frame } = await embedded();
      await sayError(element, frame, code);
      expect(handoverButton(element)).to.equal(null);
    });
  }
});

describe("the handover's click", () => {
  it("opens the href in a new tab with no opener, waits in handed-over and drops its frame", async () => {
    const { element, log, frame } = await embedded();
    const href = iframeOf(element)!.src;
    await sayError(element, frame, 9820);
    const tab = await handOverBy(element, handoverButton(element)!);
    expect(tab.opener).to.equal(null);
    // The fake client answers from the tab: it loaded there, the frame's href once more.
    await command(tab, { ping: true });
    expect(await servings(href)).to.equal(2);
    expect(iframeOf(element)).to.equal(null);
    await element.updateComplete;
    expect(handoverButton(element)).to.equal(null);
    expect(notices(element)).to.deep.equal(["Continue in the new tab."]);
    expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal(
      `${element.label}: continued in a new tab.`,
    );
    expect(element.getAttribute("state")).to.equal("handed-over");
    expect(states(log).slice(-1)).to.deep.equal([{ state: "handed-over", previous: "error" }]);
  });

  it("in endpoint mode, opens the endpoint's href that the frame had, without asking the endpoint again", async () => {
    const scripted = endpoint("200");
    const { element } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loading");
    await sayError(element, await frameWindow(element), 9822);
    expect((await scripted.log()).requests).to.have.length(1);
    const tab = await handOverBy(element, handoverButton(element)!);
    expect(tab.opener).to.equal(null);
    await command(tab, { ping: true });
    expect(await servings(scripted.href)).to.equal(2);
    expect((await scripted.log()).requests).to.have.length(1);
    expect(iframeOf(element)).to.equal(null);
  });

  it("lets go of an adopted frame: it shows about:blank and keeps its src, for reload()", async () => {
    const src = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const { element } = mount(
      html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame(src)}</jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const adopted = element.querySelector("iframe")!;
    await sayError(element, adopted.contentWindow!, 9820);
    const tab = await handOverBy(element, handoverButton(element)!);
    expect(tab.opener).to.equal(null);
    await command(tab, { ping: true });
    expect(await servings(src)).to.equal(2);
    expect(adopted.isConnected).to.equal(true);
    expect(adopted.getAttribute("src")).to.equal(src);
    await until(() => {
      try {
        return adopted.contentWindow!.location.href === "about:blank";
      } catch {
        return false; // still the fake client's document
      }
    });
    // reload() loads the adopted frame's src again.
    element.reload();
    await until(() => element.state === "loaded");
    expect(await servings(src)).to.equal(3);
  });

  it("hands over on Enter on the focused default button", async () => {
    const { element, frame } = await embedded();
    await sayError(element, frame, 9822);
    handoverButton(element)!.focus();
    await sendKeys({ press: "Enter" });
    await until(() => tabs.length > 0 && element.state === "handed-over");
    expect(tabs[0]!.opener).to.equal(null);
    await command(tabs[0]!, { ping: true });
  });

  const skipped = SCRIPTS_OPEN_TABS ? "(skipped: this browser's launcher lets scripts open tabs) " : "";
  it(`${skipped}keeps the offer and warns when the browser opens no tab (a click without a user gesture)`, async function () {
    if (SCRIPTS_OPEN_TABS) this.skip();
    const { element, log, frame } = await embedded();
    await sayError(element, frame, 9820);
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      handoverButton(element)!.click();
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.deep.equal([["jumio-verification: the browser did not open the new tab."]]);
    await settle(element);
    expect(element.state).to.equal("error");
    expect(states(log).map(({ state }) => state)).to.deep.equal(["error"]);
    // Still offered: the user's own click opens it.
    await handOverBy(element, handoverButton(element)!);
  });

  it("hands over from slotted handover content too", async () => {
    const { element, frame } = await embedded();
    const custom = document.createElement("button");
    custom.slot = "handover";
    custom.textContent = "Open the verification elsewhere";
    element.append(custom);
    await element.updateComplete;
    // Not rendered until the slot is shown.
    expect(custom.getClientRects()).to.have.length(0);
    await sayError(element, frame, 9820);
    expect(custom.getClientRects()).to.have.length.above(0);
    expect(custom.assignedSlot?.name).to.equal("handover");
    const tab = await handOverBy(element, custom);
    expect(tab.opener).to.equal(null);
    await command(tab, { ping: true });
    expect(iframeOf(element)).to.equal(null);
    await element.updateComplete;
    expect(custom.assignedSlot).to.equal(null);
  });
});

describe("the result relayed from the handed-over tab's redirect page", () => {
  /** An element handed over after error 9820, the workflow known from its frame's messages, and its tab. */
  async function handedOver() {
    const { element, log, frame } = await embedded();
    await sayError(element, frame, 9820);
    const tab = await handOverBy(element, handoverButton(element)!);
    await settle(element);
    log.events.length = 0;
    return { element, log, tab };
  }

  it("dispatches jumio-success with source redirect, once", async () => {
    const { element, log, tab } = await handedOver();
    await relayFromPage(redirectQuery({ acquisitionStatus: "SUCCESS", customerInternalReference: "order-42" }), tab);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-success"]);
    expect(log.of("jumio-success")[0]!.detail).to.deep.equal({
      source: "redirect",
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "SUCCESS",
      customerInternalReference: "order-42",
    });
    expect(element.state).to.equal("success");
    await relayFromPage(SUCCESS, tab);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-success"]);
  });

  it("dispatches jumio-error with source redirect, its code and the guide's description, once", async () => {
    const { element, log, tab } = await handedOver();
    await relayFromPage(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9822" }), tab);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
    // Guide: "9822 (Browser does not support camera.)"
    const description = "Browser does not support camera.";
    expect(log.of("jumio-error")[0]!.detail).to.deep.equal({
      source: "redirect",
      code: 9822,
      description,
      retryable: false,
      redirect: {
        accountId: ACCOUNT_ID,
        workflowExecutionId: WORKFLOW_ID,
        acquisitionStatus: "ERROR",
        errorCode: 9822,
        errorDescription: description,
      },
    });
    expect(element.state).to.equal("error");
    await element.updateComplete;
    // Not offered again: the new tab had the camera and failed otherwise.
    expect(handoverButton(element)).to.equal(null);
    await relayFromPage(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9822" }), tab);
    await relayFromPage(SUCCESS, tab);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
  });

  it("ignores a relay for another workflow, and takes its own after it", async () => {
    const { element, log, tab } = await handedOver();
    await relayFromPage(redirectQuery({ workflowExecutionId: crypto.randomUUID(), acquisitionStatus: "SUCCESS" }), tab);
    await relayFromPage(
      redirectQuery({ workflowExecutionId: crypto.randomUUID(), acquisitionStatus: "ERROR", errorCode: "9100" }),
      tab,
    );
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("handed-over");
    await relayFromPage(SUCCESS, tab);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-success"]);
  });

  it("ignores a relay from a page of its origin that is not the handed-over tab, even for its workflow", async () => {
    const { element, log, tab } = await handedOver();
    await relayFromPage(SUCCESS);
    await relayFromPage(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9100" }));
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("handed-over");
    // The tab's own relay still counts after them.
    await relayFromPage(SUCCESS, tab);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-success"]);
  });

  it("where the new tab's storage is out of reach, takes a relay from any page of its origin, as before", async () => {
    storageBlocked = true;
    const { element, log } = await handedOver();
    await relayFromPage(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9100" }));
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
    expect(element.state).to.equal("error");
    await relayFromPage(SUCCESS);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
  });

  it("ignores a relay while the element is not handed over: loaded, or with the handover only offered", async () => {
    const { element, log, frame } = await embedded();
    await command(frame, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    await relayFromPage(SUCCESS);
    await sayError(element, frame, 9820);
    await relayFromPage(SUCCESS);
    expect(log.of("jumio-success")).to.have.length(0);
    expect(log.of("jumio-error")).to.have.length(1);
    expect(element.state).to.equal("error");
  });

  it("after reload(), a new run starts: the old run's channel is closed, and relays count for the new run alone", async () => {
    // The channels the page opens, as BroadcastChannel objects that say whether they were closed.
    const channels: { name: string; closed: boolean }[] = [];
    const Original = BroadcastChannel;
    globalThis.BroadcastChannel = class extends Original {
      readonly #entry = { name: this.name, closed: false };
      constructor(name: string) {
        super(name);
        channels.push(this.#entry);
      }
      override close() {
        this.#entry.closed = true;
        super.close();
      }
    };
    try {
      const { element, log, frame } = await embedded();
      await sayError(element, frame, 9820);
      const first = await handOverBy(element, handoverButton(element)!);
      expect(channels).to.deep.equal([{ name: "jumio-verification", closed: false }]);
      const events = preflights(element);
      element.reload();
      expect(channels[0]!.closed).to.equal(true);
      await until(() => element.state === "loading" && events.length === 1);
      await relayFromPage(SUCCESS, first);
      expect(log.of("jumio-success")).to.have.length(0);
      expect(element.state).to.equal("loading");

      // Handed over again: the one relay from the new tab gives one jumio-success.
      await sayError(element, await frameWindow(element), 9822);
      first.close();
      tabs = [];
      const second = await handOverBy(element, handoverButton(element)!);
      await relayFromPage(SUCCESS, second);
      expect(log.of("jumio-success")).to.have.length(1);
      expect(states(log).map(({ state }) => state)).to.deep.equal([
        "error",
        "handed-over",
        "loading",
        "error",
        "handed-over",
        "success",
      ]);
    } finally {
      globalThis.BroadcastChannel = Original;
    }
  });
});

describe("in a frame whose parent does not allow the camera (test/fixtures/handover-framed.html)", () => {
  interface FramedReport {
    state: string;
    events: { type: string; detail: { problems?: { code: string }[]; source?: string; code?: unknown } }[];
    iframe: boolean;
    button: { x: number; y: number } | null;
    tabs: { opener: null | "set"; closed: boolean }[];
  }

  /** The test runner's own server under its other name: another origin, that compiles the element's TypeScript. */
  const FRAME_ORIGIN = `http://127.0.0.1:${location.port}`;

  /** The page framed without allow, its element on `endpointUrl`; `reportWhen` resolves with its first report that passes. */
  function framed(endpointUrl: string) {
    const query = new URLSearchParams({ endpoint: endpointUrl, "allowed-origins": FIXTURE_ORIGIN });
    const frame = fixtureSync<HTMLIFrameElement>(
      html`<iframe src=${`${FRAME_ORIGIN}/test/fixtures/handover-framed.html?${query}`} style="border: 0; width: 600px; height: 300px"></iframe>`,
    );
    const report = async () => (await command(frame.contentWindow!, { ping: true }, FRAME_ORIGIN)) as FramedReport;
    const reportWhen = (condition: (report: FramedReport) => boolean) => eventually(report, condition);
    /** A real click on the framed element's handover button. */
    async function clickHandover(): Promise<void> {
      await scrolledTo(frame);
      const { x, y } = frame.getBoundingClientRect();
      const { button } = await reportWhen((report) => report.button !== null);
      await sendMouse({ type: "click", position: [Math.round(x + button!.x), Math.round(y + button!.y)] });
      await resetMouse();
    }
    return { reportWhen, clickHandover };
  }

  const ofType = (report: FramedReport, type: string) =>
    report.events.filter((event) => event.type === type).map(({ detail }) => detail);
  const preflightCodes = (report: FramedReport) =>
    ofType(report, "jumio-preflight").map(({ problems }) => problems!.map(({ code }) => code));

  /** The framed element once its jumio-preflight is out, held back (Chromium) or not. */
  async function preflighted(script: string) {
    const scripted = endpoint(script);
    const page = framed(scripted.url);
    return { scripted, ...page, seen: await page.reportWhen((report) => preflightCodes(report).length > 0) };
  }

  const chromiumOnly = CHROMIUM ? "" : "(Chromium only: no permissions policy API in this engine) ";

  it(`${chromiumOnly}holds the frame back, asks the endpoint on the click alone, and opens its href in a tab with no opener`, async function () {
    if (!CHROMIUM) this.skip();
    const { scripted, seen, reportWhen, clickHandover } = await preflighted("200");
    expect(preflightCodes(seen)).to.deep.equal([["blocked-by-permissions-policy"]]);
    expect(seen.button).not.to.equal(null);
    expect(seen.iframe).to.equal(false);
    expect(seen.state).to.equal("idle");
    expect((await scripted.log()).requests).to.have.length(0);
    await clickHandover();
    const after = await reportWhen((report) => report.state === "handed-over");
    expect(after.tabs).to.deep.equal([{ opener: null, closed: false }]);
    expect(after.iframe).to.equal(false);
    expect((await scripted.log()).requests).to.have.length(1);
    // The tab loads the endpoint's href: its only load, the frame never had it.
    expect(
      await eventually(
        () => servings(scripted.href),
        (loads) => loads > 0,
      ),
    ).to.equal(1);
  });

  it(`${chromiumOnly}closes the new tab and says jumio-error when the endpoint fails after the click`, async function () {
    if (!CHROMIUM) this.skip();
    const { scripted, reportWhen, clickHandover } = await preflighted("400");
    await clickHandover();
    const after = await reportWhen((report) => report.state === "error");
    expect(after.tabs).to.deep.equal([{ opener: null, closed: true }]);
    expect(ofType(after, "jumio-error").map(({ source, code }) => ({ source, code }))).to.deep.equal([
      { source: "element", code: "http-error" },
    ]);
    expect(ofType(after, "jumio-state-change")).to.deep.equal([
      { state: "handed-over", previous: "idle" },
      { state: "error", previous: "handed-over" },
    ]);
    expect((await scripted.log()).requests).to.have.length(1);
  });

  it(`${CHROMIUM ? "(Firefox and WebKit only: Chromium holds the frame back) " : ""}where the engine has no permissions policy API: permission-denied, and the frame loads as usual`, async function () {
    if (CHROMIUM) this.skip();
    const { scripted, seen: first, reportWhen } = await preflighted("200");
    // The Permissions API says denied for the feature the policy blocks: nothing tells it from the user's choice.
    expect(preflightCodes(first)).to.deep.equal([["permission-denied"]]);
    const seen = await reportWhen((report) => report.iframe);
    expect(seen.button).to.equal(null);
    expect((await scripted.log()).requests).to.have.length(1);
  });
});
