import { expect, fixture, fixtureSync, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { command, FAKE_CLIENT, FIXTURE_ORIGIN, frameWindow, jumioMessage, TOKEN, until } from "./helpers.js";

/** A native host's handler as the test page defines it, before the element, the way a WebView injects it. */
function handler(postMessage: (message: string) => void = () => {}) {
  const posted: string[] = [];
  const receivers: unknown[] = [];
  const bridge = {
    postMessage(this: unknown, message: string) {
      posted.push(message);
      receivers.push(this);
      postMessage(message);
    },
  };
  return { bridge, posted, receivers };
}

type Bridge = ReturnType<typeof handler>["bridge"];

/** The three ways a native host injects its handler: WKWebView, React Native's WebView, Android's addJavascriptInterface. */
const BRIDGES = {
  "WKWebView's webkit.messageHandlers.jumioVerification": (bridge: Bridge) => {
    Object.assign(window, { webkit: { messageHandlers: { jumioVerification: bridge } } });
  },
  "React Native's ReactNativeWebView": (bridge: Bridge) => Object.assign(window, { ReactNativeWebView: bridge }),
  "Android's JumioVerificationAndroid": (bridge: Bridge) => Object.assign(window, { JumioVerificationAndroid: bridge }),
};

/** What a page may hold under the bridges' names that is no handler. */
const NOT_HANDLERS: Record<string, () => void> = {
  "webkit without messageHandlers": () => Object.assign(window, { webkit: {} }),
  "webkit.messageHandlers without jumioVerification (another app's handler)": () =>
    Object.assign(window, { webkit: { messageHandlers: { other: { postMessage() {} } } } }),
  "a jumioVerification whose postMessage is no function": () =>
    Object.assign(window, { webkit: { messageHandlers: { jumioVerification: { postMessage: "x" } } } }),
  "a ReactNativeWebView without postMessage": () => Object.assign(window, { ReactNativeWebView: {} }),
  "a JumioVerificationAndroid that is null": () => Object.assign(window, { JumioVerificationAndroid: null }),
};

/** The names on `window` the bridges are looked up by. */
const BRIDGE_NAMES = ["webkit", "ReactNativeWebView", "JumioVerificationAndroid"];

afterEach(() => {
  for (const name of BRIDGE_NAMES) Reflect.deleteProperty(window, name);
});

/** Runs `verification` while recording what the page reports as wrong: console warnings and errors, uncaught errors and rejections. */
async function watched<T>(verification: () => Promise<T>): Promise<{ result: T; complaints: unknown[][] }> {
  const complaints: unknown[][] = [];
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => void complaints.push(["warn", ...args]);
  console.error = (...args: unknown[]) => void complaints.push(["error", ...args]);
  const uncaught = (event: Event) => void complaints.push(["uncaught", event.type]);
  window.addEventListener("error", uncaught);
  window.addEventListener("unhandledrejection", uncaught);
  try {
    return { result: await verification(), complaints };
  } finally {
    Object.assign(console, { warn, error });
    window.removeEventListener("error", uncaught);
    window.removeEventListener("unhandledrejection", uncaught);
  }
}

/** The element at `href`, and every event it dispatches, whatever its name, from before its first update. */
function mount(href = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`) {
  const element = fixtureSync<JumioVerificationElement>(
    html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
  );
  const events: CustomEvent[] = [];
  const dispatch = element.dispatchEvent.bind(element);
  element.dispatchEvent = (event) => {
    events.push(event as CustomEvent);
    return dispatch(event);
  };
  return { element, events };
}

/** The types of the events the fake client's messages below lead to, in the order they came. */
const MESSAGE_EVENTS = ["jumio-loaded", "jumio-error", "jumio-success"];

/**
 * The element on a fresh href of the fake client on the second origin; its frame sends the wire
 * messages (each carrying the authorization token) loaded, a retryable error 9100 and success,
 * and the element handles them.
 */
async function verify() {
  const { element, events } = mount();
  const frame = await frameWindow(element);
  await command(frame, {
    post: [
      jumioMessage({ value: "loaded" }),
      jumioMessage({ value: "error", code: 9100 }),
      jumioMessage({ value: "success" }),
    ],
  });
  await until(() => element.state === "success");
  const types = events.map(({ type }) => type);
  expect(types.filter((type) => MESSAGE_EVENTS.includes(type))).to.deep.equal(MESSAGE_EVENTS);
  return { element, events };
}

/** `{ type, detail }` of each DOM event, as JSON has it. */
const asJson = (events: CustomEvent[]) =>
  events.map(({ type, detail }) => ({ type, detail: JSON.parse(JSON.stringify(detail)) }));

describe("native hosts", () => {
  for (const [name, inject] of Object.entries(BRIDGES)) {
    it(`posts each event to ${name} as a JSON string of { type, detail }, in order, with no authorization token`, async () => {
      const { bridge, posted, receivers } = handler();
      inject(bridge);
      const { events } = await verify();
      expect(posted.every((message) => typeof message === "string")).to.equal(true);
      expect(posted.map((message) => JSON.parse(message))).to.deep.equal(asJson(events));
      for (const message of posted) {
        expect(message).not.to.contain(TOKEN);
        expect(message).not.to.contain("authorizationToken");
      }
      // WKWebView's and Android's postMessage work only when called on their own object.
      expect(receivers.every((receiver) => receiver === bridge)).to.equal(true);
    });
  }

  it("posts the element's own errors too: an untrusted href's jumio-error", async () => {
    const { bridge, posted } = handler();
    BRIDGES["Android's JumioVerificationAndroid"](bridge);
    const { element, events } = mount("https://acme.web.amer-1.jumio.ai.evil.example/web/v4/app");
    await until(() => events.some(({ type }) => type === "jumio-error"));
    expect(element.state).to.equal("error");
    expect(posted.map((message) => JSON.parse(message))).to.deep.equal(asJson(events));
    const error = posted.map((message) => JSON.parse(message)).find(({ type }) => type === "jumio-error");
    expect(error.detail).to.include({ source: "element", code: "invalid-href" });
  });

  it("posts every event to each of the three bridges when all of them are there", async () => {
    const handlers = Object.values(BRIDGES).map((inject) => {
      const each = handler();
      inject(each.bridge);
      return each;
    });
    const { events } = await verify();
    for (const { posted } of handlers) {
      expect(posted.map((message) => JSON.parse(message))).to.deep.equal(asJson(events));
    }
  });

  it("posts nothing, and reports nothing, in a page with no bridge", async () => {
    const { result, complaints } = await watched(verify);
    expect(result.element.state).to.equal("success");
    expect(complaints).to.deep.equal([]);
  });

  for (const [name, define] of Object.entries(NOT_HANDLERS)) {
    it(`posts nothing, and reports nothing, with ${name}`, async () => {
      define();
      const { result, complaints } = await watched(verify);
      expect(result.element.state).to.equal("success");
      expect(complaints).to.deep.equal([]);
    });
  }

  for (const name of BRIDGE_NAMES) {
    it(`dispatches every event, and reports nothing, with an iframe of another origin named ${name} in the page`, async () => {
      const named = await fixture<HTMLIFrameElement>(html`<iframe name=${name} src=${FAKE_CLIENT}></iframe>`);
      await command(named.contentWindow!, { ping: true });
      expect(Reflect.get(window, name)).to.equal(named.contentWindow);
      const { result, complaints } = await watched(verify);
      expect(result.element.state).to.equal("success");
      expect(complaints).to.deep.equal([]);
    });
  }

  for (const name of ["ReactNativeWebView", "JumioVerificationAndroid"]) {
    it(`posts nothing to an iframe named ${name}: a frame is no native host`, async () => {
      const named = await fixture<HTMLIFrameElement>(html`<iframe name=${name}></iframe>`);
      const frame = named.contentWindow!;
      expect(Reflect.get(window, name)).to.equal(frame);
      const received: unknown[] = [];
      frame.addEventListener("message", ({ data }) => received.push(data));
      const { result, complaints } = await watched(verify);
      expect(result.element.state).to.equal("success");
      frame.postMessage("sentinel", location.origin);
      await until(() => received.includes("sentinel"));
      expect(received).to.deep.equal(["sentinel"]);
      expect(complaints).to.deep.equal([]);
    });
  }

  it("keeps working when a bridge's postMessage throws, warns once per event without the token, and still posts to the others", async () => {
    const refusing = handler((message) => {
      throw new Error(`refused ${message}`);
    });
    BRIDGES["React Native's ReactNativeWebView"](refusing.bridge);
    const android = handler();
    BRIDGES["Android's JumioVerificationAndroid"](android.bridge);
    const { result, complaints } = await watched(verify);
    expect(result.element.state).to.equal("success");
    const { length } = result.events;
    expect(refusing.posted).to.have.length(length);
    expect(android.posted.map((message) => JSON.parse(message))).to.deep.equal(asJson(result.events));
    expect(complaints).to.have.length(length);
    for (const [kind, text, error] of complaints) {
      expect(kind).to.equal("warn");
      expect(text).to.equal("jumio-verification: a native host refused an event.");
      expect(String(error)).to.match(/^Error: refused \{"type":"jumio-/);
      expect(`${text} ${String(error)}`).not.to.contain(TOKEN);
    }
  });

  it("keeps working when a bridge throws something that is no Error", async () => {
    const refusing = handler(() => {
      throw "refused";
    });
    BRIDGES["WKWebView's webkit.messageHandlers.jumioVerification"](refusing.bridge);
    const { result, complaints } = await watched(verify);
    expect(result.element.state).to.equal("success");
    expect(complaints.map(([kind, , error]) => [kind, error])).to.deep.equal(
      result.events.map(() => ["warn", "refused"]),
    );
  });

  it("posts to a bridge the host injects after the element connected, from the next event on", async () => {
    const { element, events } = mount();
    await until(() => events.length > 0);
    const { bridge, posted } = handler();
    BRIDGES["React Native's ReactNativeWebView"](bridge);
    const before = events.length;
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(posted.map((message) => JSON.parse(message))).to.deep.equal(asJson(events.slice(before)));
    expect(posted.map((message) => JSON.parse(message).type)).to.include("jumio-loaded");
  });
});
