import type { PropertyValues, ReactiveController, ReactiveElement } from "lit";
import { reflect, timeoutOr } from "./attributes.js";
import { fetchFailed, invalidHref, loadTimeout } from "./element-errors.js";
import { jumioClientError, RENEWABLE_ERROR_CODES } from "./error-codes.js";
import { JumioErrorEvent, JumioLoadedEvent, JumioMessageEvent, JumioStateChangeEvent, JumioSuccessEvent } from "./events.js";
import type { JumioElementError, JumioErrorDetail, VerificationState } from "./events.js";
import { fetchVerificationHref } from "./fetcher.js";
import { FrameMessages, type TrustedFrame } from "./frame-messages.js";
import { missingPermissions, verificationFrame } from "./iframe.js";
import { MessageMemory } from "./message-memory.js";
import type { JumioMessage } from "./messages.js";
import { parseAllowedOrigins, trustedHref } from "./trust.js";

/** The element's properties that steer the flow. */
export interface FlowHost extends ReactiveElement {
  href: string;
  endpoint: string;
  requestInit: RequestInit;
  fetchTimeout: number;
  allowedOrigins: string;
  label: string;
  autoRenew: boolean;
  loadTimeout: number;
}

/** One navigation of the iframe that the flow started or adopted; its messages count. */
interface Navigation extends TrustedFrame {
  readonly url: URL;
  readonly memory: MessageMemory;
  /** Started by `auto-renew` and not loaded yet: it may not renew again. */
  renewal: boolean;
}

/**
 * A verification from its source to the web client's last message: takes the href (or fetches
 * it from the endpoint), points the frame at it, turns the frame's messages into the typed
 * events, and keeps `state`. One navigation at a time: starting another drops the previous
 * one's fetch, timer and messages.
 */
export class VerificationFlow implements ReactiveController {
  readonly #host: FlowHost;
  /** The server-rendered iframe in the host's light DOM (declarative mode), if any. */
  #adopted: HTMLIFrameElement | null = null;
  #state: VerificationState = "idle";
  #error: JumioErrorDetail | undefined;
  #navigation: Navigation | undefined;
  /** The iframe this flow made and put in the host's shadow root (never the adopted one). */
  #ownFrame: HTMLIFrameElement | undefined;
  #pending: "start" | "reload" | undefined;
  /** What the flow last started from: the host's href, or else its endpoint (see #sourceOf). */
  #source: string | undefined;
  #work: AbortController | undefined;
  #loadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: FlowHost) {
    this.#host = host;
    new FrameMessages(host, () => this.#navigation, (message) => this.#onMessage(message));
    host.addController(this);
  }

  /** Where the verification is; reflected to the host's `state` attribute. */
  get state(): VerificationState {
    return this.#state;
  }

  /** The last error of this navigation, until the web client recovers from it. */
  get error(): JumioErrorDetail | undefined {
    return this.#error;
  }

  /** Starts (again) at the host's next update. */
  request(reason: "start" | "reload"): void {
    this.#pending = reason;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    reflect(this.#host, "state", this.state);
    this.#adopted = this.#serverRendered();
    this.request("start");
  }

  /** The host's default slot's `slotchange` listener: a server-rendered iframe came, changed or went. */
  readonly slotChanged = (): void => {
    const iframe = this.#serverRendered();
    if (iframe !== this.#adopted) {
      this.#adopted = iframe;
      this.request("start");
    }
  };

  #serverRendered(): HTMLIFrameElement | null {
    return this.#host.querySelector(":scope > iframe");
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** From the host's `willUpdate`: starts what was requested, or what the changed properties call for. */
  willUpdate(changed: PropertyValues<FlowHost>): void {
    const host = this.#host;
    // A disconnected host starts nothing: connected again, it starts anew.
    if (!host.isConnected) return;
    const reason = this.#pending;
    const navigation = this.#navigation;
    const untrusted = changed.has("allowedOrigins") && !(navigation && trustedHref(navigation.url.href, this.#allowedOrigins()));
    if (reason || this.#sourceChanged() || untrusted) {
      this.#pending = undefined;
      this.#source = this.#sourceOf();
      this.#start(host.href ? "href" : "endpoint", { reload: reason === "reload" });
    }
  }

  hostUpdate(): void {
    if (this.#ownFrame) reflect(this.#ownFrame, "title", this.#host.label);
  }

  /**
   * A listener of an event dispatched during this update (jumio-state-change, an invalid-href
   * jumio-error) may have set href or endpoint, or called reload(): lit folds such a change
   * into the update under way, after willUpdate has read it. Another update follows, in a new
   * task: a listener that retries on every failure then loops as slowly as a timer, and the
   * page stays responsive.
   */
  hostUpdated(): void {
    if (this.#host.isConnected && (this.#pending || this.#sourceChanged())) setTimeout(() => this.#host.requestUpdate());
  }

  /** Href and endpoint as one string: `href`, or `,endpoint` (as strings, whatever a caller set). */
  #sourceOf(): string {
    const { href, endpoint } = this.#host;
    return String(href || ["", endpoint]);
  }

  /** An adopted frame loads its own src: href and endpoint do not steer it. */
  #sourceChanged(): boolean {
    return !this.#adopted && this.#sourceOf() !== this.#source;
  }

  #allowedOrigins(): string[] {
    return parseAllowedOrigins((this.#host.allowedOrigins ?? "").split(/\s+/).filter(Boolean));
  }

  #stop(): void {
    this.#ownFrame?.remove();
    this.#ownFrame = undefined;
    this.#work?.abort();
    this.#work = undefined;
    clearTimeout(this.#loadTimer);
    this.#navigation = undefined;
    this.#error = undefined;
  }

  #start(source: "href" | "endpoint", { reload = false, renewal = false } = {}): void {
    const host = this.#host;
    this.#stop();
    const work = (this.#work = new AbortController());
    const origins = this.#allowedOrigins();
    if (this.#adopted && !renewal) return this.#adopt(this.#adopted, origins, reload);
    if (source === "href") {
      const url = trustedHref(host.href, origins);
      return url ? this.#navigate(url, { renewal }) : this.#fail(invalidHref("The href"));
    }
    if (!host.endpoint) return this.#setState("idle");
    this.#setState("fetching");
    // A listener of that state-change that changed the endpoint, or called reload(), is followed
    // by another start (see hostUpdated): one request, from that one.
    if (this.#pending || this.#sourceChanged()) return;
    // Parsed as the page loads (a blocking script), the element may have a server-rendered
    // iframe still to come: the endpoint is asked only once the page is parsed (a renewal has
    // its frame already).
    if (!renewal && document.readyState === "loading") {
      return document.addEventListener("DOMContentLoaded", () => this.request("start"), { once: true, signal: work.signal });
    }
    fetchVerificationHref(host.endpoint, { init: host.requestInit, timeoutMs: host.fetchTimeout, signal: work.signal, allowedOrigins: origins }).then(
      ({ href }) => work === this.#work && this.#navigate(new URL(href), { renewal }),
      (error: unknown) => work === this.#work && this.#fail(fetchFailed(error)),
    );
  }

  #adopt(iframe: HTMLIFrameElement, origins: readonly string[], reload: boolean): void {
    const missing = missingPermissions(iframe.allow, iframe.allowFullscreen);
    if (missing.length > 0) console.warn(`jumio-verification: the adopted iframe lacks ${missing.join(", ")}; camera capture may fail.`);
    // The URL the frame loads: a relative src resolved as the browser does; an empty one loads
    // about:blank, and a srcdoc (even empty) wins over src.
    const loads = iframe.getAttribute("src") && !iframe.hasAttribute("srcdoc") ? iframe.src : "";
    const url = trustedHref(loads, origins);
    if (!url) {
      iframe.removeAttribute("srcdoc");
      iframe.src = "about:blank";
      return this.#fail(invalidHref("The adopted iframe's src"));
    }
    this.#navigate(url, { keepFrame: !reload });
  }

  /**
   * From here on, messages count for `url`'s navigation, from its frame alone: the adopted one
   * (told to load, unless this is its adoption) or a new one, first in the host's shadow root.
   * Inserted here, before the host renders, the frame starts loading without waiting for the
   * first render's template work; it is removed when the navigation stops.
   */
  #navigate(url: URL, { renewal = false, keepFrame = false }): void {
    const frame = this.#adopted ?? (this.#ownFrame = verificationFrame(url));
    this.#navigation = { url, origin: url.origin, frame, memory: new MessageMemory(), renewal };
    if (frame === this.#ownFrame) this.#host.renderRoot.prepend(frame);
    else if (!keepFrame) frame.src = url.href;
    this.#setState("loading");
    // A frame adopted as the page loaded it may have said loaded before the element was there
    // to hear it: there is no start to time it from.
    if (keepFrame) return;
    const timeoutMs = timeoutOr(this.#host.loadTimeout, 30000);
    this.#loadTimer = setTimeout(() => {
      this.#fail(loadTimeout(timeoutMs));
    }, timeoutMs);
  }

  #fail(error: JumioElementError): void {
    this.#stop();
    this.#error = error;
    this.#setState("error");
    this.#host.dispatchEvent(new JumioErrorEvent(error));
  }

  #setState(state: VerificationState): void {
    const previous = this.#state;
    if (state === previous) return;
    this.#state = state;
    reflect(this.#host, "state", state);
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new JumioStateChangeEvent({ state, previous }));
  }

  #onMessage(message: JumioMessage): void {
    const host = this.#host;
    const navigation = this.#navigation!;
    host.dispatchEvent(new JumioMessageEvent(message));
    if (navigation !== this.#navigation) return;
    switch (navigation.memory.specificEventFor(message)) {
      case "jumio-loaded":
        navigation.renewal = false;
        this.#error = undefined;
        if (this.state === "loading") this.#setState("loaded");
        host.dispatchEvent(new JumioLoadedEvent(message));
        break;
      case "jumio-success":
        this.#error = undefined;
        this.#setState("success");
        host.dispatchEvent(new JumioSuccessEvent(message));
        break;
      case "jumio-error": {
        const detail = (this.#error = jumioClientError(message));
        host.requestUpdate();
        if (!detail.retryable) this.#setState("error");
        const proceed = host.dispatchEvent(new JumioErrorEvent(detail));
        const renew = proceed && host.autoRenew && host.endpoint && !navigation.renewal && RENEWABLE_ERROR_CODES.has(detail.code);
        // A listener that called reload() gets that, not a renewal as well (one more POST).
        if (renew && navigation === this.#navigation && !this.#pending) this.#start("endpoint", { renewal: true });
        break;
      }
    }
    if (this.state !== "loading") clearTimeout(this.#loadTimer);
  }
}
