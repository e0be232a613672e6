import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import { FAKE_CLIENT, FIXTURE_ORIGIN, fixtureRequests, iframeOf, loadedElement, record, until } from "./helpers.js";

/** Records `message` listeners added to window; live = neither removed nor with an aborted signal. */
function instrumentMessageListeners() {
  type Entry = { listener: unknown; capture: boolean; signal: AbortSignal | undefined; removed: boolean };
  const entries: Entry[] = [];
  const captureOf = (options: boolean | EventListenerOptions | undefined) =>
    typeof options === "boolean" ? options : Boolean(options?.capture);
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  window.addEventListener = function (
    this: Window,
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (type === "message") {
      entries.push({
        listener,
        capture: captureOf(options),
        signal: typeof options === "object" ? options.signal : undefined,
        removed: false,
      });
    }
    return add.call(this, type, listener, options);
  } as typeof window.addEventListener;
  window.removeEventListener = function (
    this: Window,
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ) {
    if (type === "message") {
      for (const entry of entries)
        if (entry.listener === listener && entry.capture === captureOf(options)) entry.removed = true;
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
