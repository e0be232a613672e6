import type { PropertyValues, ReactiveController, ReactiveElement } from "lit";
import { cameraNeedsOwnTab, cameraWarning, checkCameraSupport } from "../camera-support.js";
import type { JumioElementError, JumioErrorDetail } from "../error-codes.js";
import {
  fetchFailed,
  HANDOVER_ERROR_CODES,
  invalidHref,
  jumioClientError,
  loadTimeout,
  RENEWABLE_ERROR_CODES,
  redirectError,
} from "../error-codes.js";
import { fetchVerificationHref } from "../fetcher.js";
import type { JumioMessage } from "../messages.js";
import { VERIFICATION_DEFAULTS, type VerificationOptions } from "../options.js";
import type { JumioRedirect } from "../redirect.js";
import { isRedirectFor, listenForRedirect, markHandoverTab } from "../relay.js";
import { sleep, timeoutOr } from "../retry.js";
import { checkHref, parseAllowedOrigins, trustedHref } from "../trust.js";
import {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioPreflightEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
  type VerificationState,
} from "./events.js";
import { FrameMessages } from "./frame-messages.js";
import { copyFrame, missingPermissions, verificationFrame } from "./iframe.js";
import { MessageMemory } from "./message-memory.js";
import { postToNativeHosts } from "./native-hosts.js";

/** The element, as the flow sees it: its options, and the size class it reflects. */
export interface FlowHost extends ReactiveElement, Readonly<VerificationOptions> {
  readonly sizeClass: string;
}

/** One start of the flow, from its source to the frame's last message; the next start aborts it. */
class Run extends AbortController {
  /** What the frame of this run has reported. */
  readonly memory = new MessageMemory();
  /** The workflow the frame or the endpoint named: a redirect relayed for another one is ignored. */
  workflowExecutionId: string | undefined;
  /** The href held back from the frame until `jumio-preflight` has been heard. */
  withheld: URL | undefined;

  constructor(
    /** Started by `auto-renew`: it may not renew again, whatever its frame says. */
    readonly renewal: boolean,
  ) {
    super();
  }
}

/** Sets (or, for null, removes) an attribute only when it differs, so observers see real changes only. */
function reflect(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

/** Resolves in the next task: after the host's update, whatever started the run. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

/** Resolves once the page is parsed, or as `signal` aborts. */
const parsed = (signal: AbortSignal) =>
  new Promise((resolve) => {
    document.addEventListener("DOMContentLoaded", resolve, { once: true, signal });
    signal.addEventListener("abort", resolve, { once: true });
  });

/**
 * A verification from its source to the web client's last message, as one abortable run per
 * navigation: takes the href (or fetches it from the endpoint), points a frame at it, turns the
 * frame's messages into the typed events, and keeps `state`. A run may start inside the host's
 * update (to put the frame in before the first render); its events leave after a task boundary,
 * so a listener may change the element from any of them and be followed by another run.
 */
export class VerificationFlow implements ReactiveController {
  readonly #host: FlowHost;
  readonly #messages: FrameMessages;
  /** The server-rendered iframe in the host's light DOM (declarative mode), if any. */
  #adopted: HTMLIFrameElement | null = null;
  /** The iframe the current run made, in the host's shadow root (never the adopted one). */
  #frame: HTMLIFrameElement | undefined;
  /** The href whose frame's messages count. */
  #loading: URL | undefined;
  #run: Run | undefined;
  #state: VerificationState = "idle";
  /** The state the last jumio-state-change told; `#state` is ahead of it until the run's events leave. */
  #announced: VerificationState = "idle";
  #error: JumioErrorDetail | undefined;
  /** The current run's element error, while its jumio-error has not left. */
  #unannounced: JumioElementError | undefined;
  /** The handover on offer: the href to open in a new tab, or null to ask the endpoint for one on the click. */
  #handover: URL | null | undefined;

  constructor(host: FlowHost) {
    this.#host = host;
    this.#messages = new FrameMessages(host);
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

  /** Whether the `handover` slot is shown: the camera cannot work here, but would in a new tab. */
  get handoverOffered(): boolean {
    return this.#handover !== undefined && this.#host.handover !== "off";
  }

  /** Waiting for the href or for the web client: `aria-busy`, and the `loading` slot. */
  get busy(): boolean {
    return this.#state === "fetching" || this.#state === "loading";
  }

  /** Loads again: a new run, unless the first one is still to come. */
  reload(): void {
    if (this.#run) this.#start({ reload: true });
  }

  hostConnected(): void {
    // Connected again, the host starts its first run at its next update.
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#stop();
    this.#run = undefined;
  }

  /** The host's default slot's `slotchange` listener: a server-rendered iframe came, changed or went. */
  readonly slotChanged = (): void => {
    if (this.#run && this.#serverRendered() !== this.#adopted) this.#start();
  };

  /** From the host's `willUpdate`: the first run, or a new one when its source changed. */
  willUpdate(changed: PropertyValues<FlowHost>): void {
    // A disconnected host starts nothing: connected again, it starts anew.
    if (!this.#host.isConnected) return;
    if (!this.#run || this.#sourceChanged(changed)) this.#start();
  }

  hostUpdate(): void {
    this.#reflect();
  }

  #sourceChanged(changed: PropertyValues<FlowHost>): boolean {
    // An adopted frame loads its own src: href and endpoint do not steer it.
    const source = !this.#adopted && (changed.has("href") || (!this.#host.href && changed.has("endpoint")));
    const loading = this.#loading;
    return source || (changed.has("allowedOrigins") && !(loading && trustedHref(loading.href, this.#allowedOrigins())));
  }

  #serverRendered(): HTMLIFrameElement | null {
    return this.#host.querySelector(":scope > iframe");
  }

  #allowedOrigins(): string[] {
    return parseAllowedOrigins((this.#host.allowedOrigins ?? "").split(/\s+/).filter(Boolean));
  }

  /** The host's reflected attributes and the frame's accessible name. */
  #reflect(): void {
    const host = this.#host;
    reflect(host, "state", this.#state);
    reflect(host, "aria-busy", this.busy ? "true" : null);
    reflect(host, "size-class", host.sizeClass);
    if (this.#frame) reflect(this.#frame, "title", host.label);
  }

  #setState(state: VerificationState, error?: JumioErrorDetail): void {
    this.#state = state;
    this.#error = error;
    this.#reflect();
    this.#host.requestUpdate();
  }

  /** Ends the current run: its fetch, waits and timer stop, and its frame's messages no longer count. */
  #stop(): void {
    this.#run?.abort();
    this.#release();
    this.#error = this.#unannounced = this.#handover = undefined;
  }

  #release(): void {
    this.#frame?.remove();
    this.#frame = this.#loading = undefined;
    this.#messages.trust(undefined);
  }

  /** Lets go of the frame after a handover: the adopted one keeps its src, for reload(), and shows a blank page. */
  #handOverFrame(): void {
    this.#adopted?.contentWindow?.location.replace("about:blank");
    this.#release();
  }

  #start({ reload = false, renewal = false } = {}): void {
    this.#stop();
    const run = new Run(renewal);
    this.#run = run;
    this.#adopted = this.#serverRendered();
    void this.#perform(run, reload);
  }

  /**
   * The run, in order: the frame placed at once when the href is known (or the state set), the
   * events after a task, then in endpoint mode the page parsed, the href fetched and loaded.
   */
  async #perform(run: Run, reload: boolean): Promise<void> {
    const host = this.#host;
    const origins = this.#allowedOrigins();
    // A renewal asks the endpoint, whatever the frame loaded.
    const adopted = run.renewal ? null : this.#adopted;
    const source = Boolean(adopted || host.href || host.endpoint);
    // Where only a tab of its own would let the camera work, the frame waits for jumio-preflight.
    const blocked = source && !run.renewal && host.handover !== "off" && cameraNeedsOwnTab();
    if (adopted) this.#adopt(run, adopted, origins, reload);
    else if (host.href && !run.renewal) {
      const url = checkHref(host.href, origins);
      if (!url) this.#fail(invalidHref("The href"));
      else if (blocked) run.withheld = url;
      else this.#navigate(run, url);
    } else this.#setState(host.endpoint && !blocked ? "fetching" : "idle");

    await nextTask();
    if (!this.#announce(run)) return;
    // A listener that set href or endpoint has had its update, and another run, by now.
    await host.updateComplete;
    if (run.signal.aborted) return;
    if (source && !run.renewal && this.#state !== "error") {
      // Only a held-back frame waits for the check; any other run goes on beside it.
      if (!blocked) void this.#preflight(run, false);
      else if (!(await this.#preflight(run, true))) return;
    }
    if (this.#state !== "fetching") return;

    // Parsed as the page loads (a blocking script), the element may have a server-rendered
    // iframe still to come (adopting it starts another run): the endpoint is asked only once the
    // page is parsed. A renewal has its frame already.
    if (!run.renewal && document.readyState === "loading") {
      await parsed(run.signal);
      if (run.signal.aborted) return;
    }
    const href = await this.#fetchHref(run, origins);
    if (run.signal.aborted) return;
    if (href instanceof URL) this.#navigate(run, href);
    else this.#fail(href);
    this.#announce(run);
  }

  /** The endpoint's href for the run, or the element error that stopped it. */
  #fetchHref(run: Run, allowedOrigins: readonly string[]): Promise<URL | JumioElementError> {
    const { endpoint, requestInit: init, fetchTimeout: timeoutMs } = this.#host;
    return fetchVerificationHref(endpoint, { init, timeoutMs, signal: run.signal, allowedOrigins }).then(
      ({ href, workflowExecutionId }) => {
        run.workflowExecutionId = workflowExecutionId;
        return new URL(href);
      },
      fetchFailed,
    );
  }

  /**
   * Checks the camera and tells `jumio-preflight`. Returns whether the run goes on: not when it
   * ended, nor when a blocked frame waits for the handover instead (unless the event was cancelled).
   */
  async #preflight(run: Run, blocked: boolean): Promise<boolean> {
    const support = await checkCameraSupport();
    if (run.signal.aborted) return false;
    if (!support.ok) console.warn(cameraWarning(support));
    const proceed = this.#emit(new JumioPreflightEvent(support));
    await this.#host.updateComplete;
    if (run.signal.aborted) return false;
    if (!blocked) return true;
    if (proceed) {
      this.#offerHandover(run.withheld ?? this.#loading ?? null);
      return false;
    }
    if (run.withheld) this.#navigate(run, run.withheld);
    else if (!this.#adopted) this.#setState("fetching");
    return this.#announce(run);
  }

  /** Shows the `handover` slot: its click opens `href` (or, for null, the endpoint's) in a new tab. */
  #offerHandover(href: URL | null): void {
    this.#handover = href;
    this.#host.requestUpdate();
  }

  /** A click on a button in the `handover` slot: opens the verification in a new tab (a user gesture: no popup blocker) and waits for its redirect. */
  readonly handOver = (event: Event): void => {
    const run = this.#run;
    const href = this.#handover;
    if (!run || !this.handoverOffered || !event.composedPath().some((node) => node instanceof HTMLButtonElement))
      return;
    const tab = window.open("", "_blank");
    if (!tab) {
      console.warn("jumio-verification: the browser did not open the new tab.");
      return;
    }
    // Cut from this page before it loads Jumio's, so that it cannot navigate this one.
    tab.opener = null;
    const nonce = markHandoverTab(tab);
    this.#handover = undefined;
    this.#handOverFrame();
    this.#setState("handed-over");
    listenForRedirect((redirect) => this.#onRedirect(run, redirect), run.signal, nonce);
    // A listener of handed-over may have started another run: the tab is not this one's anymore.
    if (!this.#announce(run)) {
      tab.close();
      return;
    }
    if (href) tab.location.href = href.href;
    else void this.#fetchFor(run, tab);
  };

  /** Handed over in endpoint mode: the new tab loads the endpoint's href. */
  async #fetchFor(run: Run, tab: Window): Promise<void> {
    const href = await this.#fetchHref(run, this.#allowedOrigins());
    if (href instanceof URL && !run.signal.aborted) {
      tab.location.href = href.href;
      return;
    }
    tab.close();
    if (run.signal.aborted) return;
    this.#fail(href as JumioElementError);
    this.#announce(run);
  }

  /** A redirect relayed from the new tab: the run's result, once, unless it names another workflow. */
  #onRedirect(run: Run, redirect: JumioRedirect): void {
    if (run.signal.aborted || this.#state !== "handed-over") return;
    if (!isRedirectFor(redirect, run.workflowExecutionId)) return;
    if (redirect.acquisitionStatus === "SUCCESS") {
      this.#setState("success");
      if (this.#announce(run)) this.#emit(new JumioSuccessEvent({ source: "redirect", ...redirect }));
      return;
    }
    const error = redirectError(redirect);
    this.#setState("error", error);
    if (this.#announce(run)) this.#emit(new JumioErrorEvent(error));
  }

  #adopt(run: Run, iframe: HTMLIFrameElement, origins: readonly string[], reload: boolean): void {
    const missing = missingPermissions(iframe.allow, iframe.allowFullscreen);
    if (missing.length > 0)
      console.warn(`jumio-verification: the adopted iframe lacks ${missing.join(", ")}; camera capture may fail.`);
    // The URL the frame loads: a relative src resolved as the browser does; an empty one loads
    // about:blank, and a srcdoc (even empty) wins over src.
    const loads = iframe.getAttribute("src") && !iframe.hasAttribute("srcdoc") ? iframe.src : "";
    const url = checkHref(loads, origins);
    if (!url) {
      iframe.removeAttribute("srcdoc");
      iframe.src = "about:blank";
      this.#fail(invalidHref("The adopted iframe's src"));
      return;
    }
    this.#navigate(run, url, { keepFrame: !reload });
  }

  /**
   * From here on, messages count for `url`, from the run's frame alone: the adopted one (unless
   * this is its adoption, replaced by a copy on `url`, so that nothing its old document posts
   * can count) or a new one, first in the host's shadow root. Inserted here, before the host
   * renders, the frame starts loading without waiting for the first render's template work.
   */
  #navigate(run: Run, url: URL, { keepFrame = false } = {}): void {
    const adopted = this.#adopted;
    if (adopted && !keepFrame) {
      // Adopted before it is in, so that its slotchange starts no other run.
      this.#adopted = copyFrame(adopted, url);
      adopted.replaceWith(this.#adopted);
    }
    const frame = this.#adopted ?? verificationFrame(url);
    if (!this.#adopted) this.#frame = frame;
    this.#loading = url;
    this.#messages.trust({ frame, origin: url.origin, deliver: (message) => this.#onMessage(run, message) });
    if (frame === this.#frame) this.#host.renderRoot.prepend(frame);
    this.#setState("loading");
    // A frame adopted as the page loaded it may have said loaded before the element was there
    // to hear it: there is no start to time it from.
    if (!keepFrame) void this.#timeLoad(run);
  }

  async #timeLoad(run: Run): Promise<void> {
    const timeoutMs = timeoutOr(this.#host.loadTimeout, VERIFICATION_DEFAULTS.loadTimeout);
    await sleep(timeoutMs, run.signal).catch(() => {});
    if (run.signal.aborted || this.#state !== "loading") return;
    this.#fail(loadTimeout(timeoutMs));
    this.#announce(run);
  }

  #fail(error: JumioElementError): void {
    this.#release();
    this.#setState("error", error);
    this.#unannounced = error;
  }

  /**
   * Dispatches what the run changed since its listeners last heard: the state, then an element
   * error. Returns whether the run is still the current one (a listener may have started another).
   */
  #announce({ signal }: Run): boolean {
    const state = this.#state;
    const previous = this.#announced;
    if (state !== previous && !signal.aborted) {
      this.#announced = state;
      this.#emit(new JumioStateChangeEvent({ state, previous }));
    }
    const error = this.#unannounced;
    if (error && !signal.aborted) {
      this.#unannounced = undefined;
      this.#emit(new JumioErrorEvent(error));
    }
    return !signal.aborted;
  }

  /** Posts `event` to the page's native host if there is one (before a listener can change its detail), and dispatches it. */
  #emit(event: CustomEvent): boolean {
    postToNativeHosts(event);
    return this.#host.dispatchEvent(event);
  }

  #onMessage(run: Run, message: JumioMessage): void {
    const host = this.#host;
    // The run's own events first, should its frame speak before they left.
    if (!this.#announce(run)) return;
    this.#emit(new JumioMessageEvent(message));
    if (run.signal.aborted || run.memory.isRepeat(message)) return;
    run.workflowExecutionId = message.workflowExecutionId;
    switch (message.value) {
      case "loaded":
        this.#setState(this.#state === "loading" ? "loaded" : this.#state);
        if (this.#announce(run)) this.#emit(new JumioLoadedEvent(message));
        break;
      case "success":
        this.#setState("success");
        if (this.#announce(run)) this.#emit(new JumioSuccessEvent(message));
        break;
      case "error": {
        const detail = jumioClientError(message);
        this.#setState(detail.retryable ? this.#state : "error", detail);
        if (!this.#announce(run)) break;
        const proceed = this.#emit(new JumioErrorEvent(detail));
        // A listener that called reload() gets that, not a renewal as well (one more POST).
        const renew =
          proceed && host.autoRenew && host.endpoint && !run.renewal && RENEWABLE_ERROR_CODES.has(detail.code);
        if (renew && !run.signal.aborted) this.#start({ renewal: true });
        else if (proceed && host.handover !== "off" && HANDOVER_ERROR_CODES.has(detail.code)) {
          this.#offerHandover(this.#loading ?? null);
        }
        break;
      }
    }
  }
}
