import { html, LitElement, nothing, type PropertyValues } from "lit";
import { jumioClientError, RENEWABLE_ERROR_CODES } from "./error-codes.js";
import { announcement, isBusy } from "./announcement.js";
import { oneOf, positiveOr, reflect } from "./attributes.js";
import { fetchFailed, invalidHref, loadTimeout } from "./element-errors.js";
import { JumioErrorEvent, JumioLoadedEvent, JumioMessageEvent, JumioStateChangeEvent, JumioSuccessEvent } from "./events.js";
import type { JumioElementError, JumioErrorDetail, VerificationState } from "./events.js";
import { fetchVerificationHref, type JumioFetchError } from "./fetcher.js";
import { FrameMessages, type TrustedFrame } from "./frame-messages.js";
import { IFRAME_ALLOW, missingPermissions } from "./iframe.js";
import { MessageMemory } from "./message-memory.js";
import type { JumioMessage } from "./messages.js";
import { SIZE_OPTIONS, sizeClassFor, WidthController, type SizeClass, type SizeOption } from "./size-class.js";
import { styles } from "./jumio-verification.styles.js";
import { parseAllowedOrigins, trustedHref } from "./trust.js";

/** One navigation of the iframe that the element started or adopted; its messages count. */
interface Navigation extends TrustedFrame {
  readonly url: URL;
  readonly memory: MessageMemory;
  /** Started by `auto-renew` and not loaded yet: it may not renew again. */
  renewal: boolean;
}

/**
 * Embeds Jumio's hosted web client and re-dispatches its messages as typed DOM events.
 *
 * @summary Jumio identity verification in an iframe, with trusted, typed events.
 * @fires {JumioMessageEvent} jumio-message - Every accepted, valid message of the web client.
 * @fires {JumioLoadedEvent} jumio-loaded - The web client loaded (once per workflow).
 * @fires {JumioSuccessEvent} jumio-success - The images were accepted for verification (once per workflow).
 * @fires {JumioErrorEvent} jumio-error - An error of the web client or of the element. Cancelable.
 * @fires {JumioStateChangeEvent} jumio-state-change - `state` changed.
 * @attr {"idle" | "fetching" | "loading" | "loaded" | "success" | "error"} state - Read-only, reflected: where the verification is.
 * @attr {"large" | "medium" | "small" | "x-small" | "fill"} size-class - Read-only, reflected: the size class in force.
 * @csspart iframe - The verification iframe.
 * @cssprop [--jumio-verification-height-large=710px] - The iframe's height in the `large` class.
 * @cssprop [--jumio-verification-height-medium=660px] - The iframe's height in the `medium` class.
 * @cssprop [--jumio-verification-height-small=600px] - The iframe's height in the `small` class.
 * @cssprop [--jumio-verification-height-x-small=535px] - The iframe's height in the `x-small` class.
 * @cssprop [--jumio-verification-border=none] - The iframe's border.
 * @cssprop [--jumio-verification-radius=0] - The iframe's border radius.
 * @cssprop [--jumio-verification-background=transparent] - The iframe's background.
 * @slot - A server-rendered `<iframe>` to adopt (declarative mode).
 * @slot loading - Shown while fetching the href and loading the web client.
 * @slot error - Shown on an element error.
 */
export class JumioVerificationElement extends LitElement {
  static override styles = styles;
  static override properties = {
    href: {},
    endpoint: {},
    requestInit: { attribute: false },
    fetchTimeout: { attribute: "fetch-timeout", type: Number },
    allowedOrigins: { attribute: "allowed-origins" },
    size: {},
    label: {},
    autoRenew: { attribute: "auto-renew", type: Boolean },
    loadTimeout: { attribute: "load-timeout", type: Number },
  };

  /** Defines the element (once) in `registry` under `tag`. */
  static define(tag = "jumio-verification", registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    if (registry && !registry.get(tag)) registry.define(tag, this);
  }

  /** The `web.href` of Jumio's Account Create/Update response. */
  declare href: string;
  /** The host backend's URL that answers `{ href }`; used when `href` is empty. */
  declare endpoint: string;
  /** Merged into the `endpoint` request (default `POST`, `credentials: "same-origin"`). */
  declare requestInit: RequestInit;
  /** Milliseconds the `endpoint` request may take, retries included. */
  declare fetchTimeout: number;
  /** Space-separated extra origins trusted for `href` and messages (a proxy, the local mock). */
  declare allowedOrigins: string;
  /** `auto` follows the element's width; a size class pins the height; `fill` fills the host. */
  declare size: SizeOption;
  /** The iframe's accessible name. */
  declare label: string;
  /** With `endpoint`: on error 9200 or 9210, fetch a fresh href once, unless `jumio-error` was cancelled. */
  declare autoRenew: boolean;
  /** Milliseconds to wait for the web client's `loaded` message before failing with `load-timeout`. */
  declare loadTimeout: number;

  constructor() {
    super();
    this.href = "";
    this.endpoint = "";
    this.requestInit = {};
    this.fetchTimeout = 15000;
    this.allowedOrigins = "";
    this.size = "auto";
    this.label = "Identity verification";
    this.autoRenew = false;
    this.loadTimeout = 30000;
  }

  readonly #width = new WidthController(this, () => this.renderRoot.querySelector(".sizer") ?? undefined);
  #state: VerificationState = "idle";
  #adopted: HTMLIFrameElement | null = null;
  #navigation: Navigation | undefined;
  /** The last error of this navigation, until the web client recovers from it. */
  #error: JumioErrorDetail | undefined;
  #startPending: "start" | "reload" | undefined;
  #work: AbortController | undefined;
  #loadTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #messages = new FrameMessages(this, () => this.#navigation, (message) => this.#onMessage(message));

  /** Where the verification is: `idle`, `fetching`, `loading`, `loaded`, `success` or `error`. */
  get state(): VerificationState {
    return this.#state;
  }

  /** The size class in force: `large`, `medium`, `small`, `x-small`, or `fill`. */
  get sizeClass(): SizeClass | "fill" {
    const size = oneOf(SIZE_OPTIONS, this.size, "auto");
    return size === "auto" ? sizeClassFor(this.#width.width ?? Infinity) : size;
  }

  /** Fetches again from `endpoint`, or reloads `href`. */
  reload(): void {
    this.#requestStart("reload");
  }

  #requestStart(reason: "start" | "reload"): void {
    this.#startPending = reason;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#adopted = this.querySelector(":scope > iframe");
    reflect(this, "state", this.#state);
    this.#requestStart("start");
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const reason = this.#startPending;
    const navigation = this.#navigation;
    const stillTrusted = navigation && trustedHref(navigation.url.href, this.#allowedOrigins());
    const sourceChanged = changed.has("href") || (changed.has("endpoint") && !this.href);
    if (reason || sourceChanged || (changed.has("allowedOrigins") && !stillTrusted)) {
      this.#startPending = undefined;
      this.#start(this.href ? "href" : "endpoint", { reload: reason === "reload" });
    }
  }

  protected override updated(): void {
    if (this.#navigation) this.#navigation.frame = this.#adopted ?? this.renderRoot.querySelector("iframe");
    reflect(this, "size-class", this.sizeClass);
    reflect(this, "aria-busy", isBusy(this.#state) ? "true" : null);
  }

  #allowedOrigins(): string[] {
    return parseAllowedOrigins((this.allowedOrigins ?? "").split(/\s+/).filter(Boolean));
  }

  protected override render() {
    const src = this.#adopted ? undefined : this.#navigation?.url.href;
    return html`
      ${isBusy(this.#state) ? html`<slot name="loading"><div class="notice"><progress aria-label="Loading"></progress></div></slot>` : nothing}
      ${this.#error?.source === "element"
        ? html`<slot name="error"><div class="notice"><p>${this.#error.description}</p><button @click=${this.reload}>Try again</button></div></slot>`
        : nothing}
      <p class="visually-hidden" role="status">${announcement(this.#state, this.#error, this.label)}</p>
      <div class="sizer"></div>
      <slot @slotchange=${this.#onSlotChange}></slot>
      ${src ? html`<iframe part="iframe" title=${this.label} allow=${IFRAME_ALLOW} allowfullscreen src=${src}></iframe>` : nothing}
    `;
  }

  #stop(): void {
    this.#work?.abort();
    this.#work = undefined;
    clearTimeout(this.#loadTimer);
    this.#navigation = undefined;
    this.#error = undefined;
  }

  #start(source: "href" | "endpoint", { reload = false, renewal = false } = {}): void {
    this.#stop();
    const work = (this.#work = new AbortController());
    const origins = this.#allowedOrigins();
    if (this.#adopted && !renewal) return this.#adopt(this.#adopted, origins, reload);
    if (source === "href") {
      const url = trustedHref(this.href, origins);
      return url ? this.#navigate(url, { renewal }) : this.#fail(invalidHref("The href"));
    }
    if (!this.endpoint) return this.#setState("idle");
    this.#setState("fetching");
    const timeoutMs = positiveOr(this.fetchTimeout, 15000);
    fetchVerificationHref(this.endpoint, { init: this.requestInit, timeoutMs, signal: work.signal, allowedOrigins: origins }).then(
      ({ href }) => work === this.#work && this.#navigate(new URL(href), { renewal }),
      (error: JumioFetchError) => work === this.#work && this.#fail(fetchFailed(error)),
    );
  }

  #adopt(iframe: HTMLIFrameElement, origins: readonly string[], reload: boolean): void {
    const missing = missingPermissions(iframe.getAttribute("allow"), iframe.allowFullscreen);
    if (missing.length > 0) console.warn(`jumio-verification: the adopted iframe lacks ${missing.join(", ")}; camera capture may fail.`);
    const url = trustedHref(iframe.getAttribute("src") ?? "", origins);
    if (!url) {
      iframe.src = "about:blank";
      return this.#fail(invalidHref("The adopted iframe's src"));
    }
    this.#navigate(url, { keepFrame: !reload });
  }

  /**
   * From here on, messages count for `url`'s navigation. The frame is told to load only where
   * lit would not: an adopted frame (unless adopting it), or a frame already at that src.
   */
  #navigate(url: URL, { renewal = false, keepFrame = false }): void {
    const frame = this.#adopted ?? this.renderRoot.querySelector("iframe");
    this.#navigation = { url, origin: url.origin, frame, memory: new MessageMemory(), renewal };
    if (frame && !keepFrame && (frame === this.#adopted || frame.getAttribute("src") === url.href)) frame.setAttribute("src", url.href);
    this.#setState("loading");
    const timeoutMs = positiveOr(this.loadTimeout, 30000);
    this.#loadTimer = setTimeout(() => {
      this.#fail(loadTimeout(timeoutMs));
    }, timeoutMs);
    this.requestUpdate();
  }

  #fail(error: JumioElementError): void {
    this.#stop();
    this.#error = error;
    this.#setState("error");
    this.dispatchEvent(new JumioErrorEvent(this.#error));
    this.requestUpdate();
  }

  #setState(state: VerificationState): void {
    const previous = this.#state;
    if (state === previous) return;
    this.#state = state;
    reflect(this, "state", state);
    this.requestUpdate();
    this.dispatchEvent(new JumioStateChangeEvent({ state, previous }));
  }

  #onSlotChange = (): void => {
    const iframe = this.querySelector<HTMLIFrameElement>(":scope > iframe");
    if (iframe && iframe !== this.#adopted) {
      this.#adopted = iframe;
      this.#requestStart("start");
    }
  };

  #onMessage(message: JumioMessage): void {
    const navigation = this.#navigation!;
    this.dispatchEvent(new JumioMessageEvent(message));
    if (navigation !== this.#navigation) return;
    switch (navigation.memory.specificEventFor(message)) {
      case "jumio-loaded":
        navigation.renewal = false;
        this.#error = undefined;
        if (this.#state === "loading") this.#setState("loaded");
        this.dispatchEvent(new JumioLoadedEvent(message));
        break;
      case "jumio-success":
        this.#error = undefined;
        this.#setState("success");
        this.dispatchEvent(new JumioSuccessEvent(message));
        break;
      case "jumio-error": {
        const detail = (this.#error = jumioClientError(message));
        this.requestUpdate();
        if (!detail.retryable) this.#setState("error");
        const proceed = this.dispatchEvent(new JumioErrorEvent(detail));
        const renew = proceed && this.autoRenew && this.endpoint && !navigation.renewal && RENEWABLE_ERROR_CODES.has(detail.code);
        if (renew && navigation === this.#navigation) this.#start("endpoint", { renewal: true });
        break;
      }
    }
    if (this.#state !== "loading") clearTimeout(this.#loadTimer);
  }
}
