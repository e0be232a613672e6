import { html, LitElement, nothing, type PropertyDeclaration, type PropertyValues } from "lit";
import type { JumioErrorDetail } from "../error-codes.js";
import { VERIFICATION_DEFAULTS, type VerificationOptions } from "../options.js";
import { type SizeClass, sizeClassIn } from "../size-class.js";
import type { VerificationState } from "./events.js";
import { styles } from "./styles.js";
import { VerificationFlow } from "./verification-flow.js";
import { WidthController } from "./width-controller.js";

/** What the polite live region says: the last error's description, or that the verification loaded or completed. */
function announcement(state: VerificationState, error: JumioErrorDetail | undefined, label: string): string {
  if (error) return error.description;
  if (state === "loaded") return `${label}: loaded.`;
  if (state === "handed-over") return `${label}: continued in a new tab.`;
  return state === "success" ? `${label}: completed.` : "";
}

export interface JumioVerificationElement extends VerificationOptions {}

/**
 * Embeds Jumio's hosted web client and re-dispatches its messages as typed DOM events.
 *
 * @summary Jumio identity verification in an iframe, with trusted, typed events.
 * @fires {JumioMessageEvent} jumio-message - Every accepted, valid message of the web client.
 * @fires {JumioLoadedEvent} jumio-loaded - The web client loaded (once per workflow).
 * @fires {JumioSuccessEvent} jumio-success - The images were accepted for verification (once per workflow).
 * @fires {JumioErrorEvent} jumio-error - An error of the web client or of the element. Cancelable.
 * @fires {JumioStateChangeEvent} jumio-state-change - `state` changed.
 * @fires {JumioPreflightEvent} jumio-preflight - The camera check, before the frame navigates. Cancelable: cancelling navigates without the handover.
 * @attr {"idle" | "fetching" | "loading" | "loaded" | "success" | "error" | "handed-over"} state - Read-only, reflected: where the verification is.
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
 * @slot handover - Shown where the camera cannot work in this page but would in a new tab (a click on a button in it opens one); default: a **Continue in a new tab** button.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: lit makes the options' accessors from `properties`; their types and docs are VerificationOptions'.
export class JumioVerificationElement extends LitElement {
  static override styles = styles;
  static override properties: Record<keyof VerificationOptions, PropertyDeclaration> = {
    href: {},
    endpoint: {},
    requestInit: { attribute: false },
    fetchTimeout: { attribute: "fetch-timeout", type: Number },
    allowedOrigins: { attribute: "allowed-origins" },
    size: {},
    label: {},
    autoRenew: { attribute: "auto-renew", type: Boolean },
    loadTimeout: { attribute: "load-timeout", type: Number },
    handover: {},
  };

  /** Defines the element (once) in `registry` under `tag`. */
  static define(
    tag = "jumio-verification",
    registry: CustomElementRegistry | undefined = globalThis.customElements,
  ): void {
    // biome-ignore lint/complexity/noThisInStatic: a subclass's define() defines the subclass.
    if (registry && !registry.get(tag)) registry.define(tag, this);
  }

  constructor() {
    super();
    // `requestInit` is an object of each element's own, for a page that fills it in.
    Object.assign(this, VERIFICATION_DEFAULTS, { requestInit: {} });
  }

  readonly #width = new WidthController(this, () => this.renderRoot.querySelector(".sizer") ?? undefined);
  readonly #flow = new VerificationFlow(this);

  /** Where the verification is: `idle`, `fetching`, `loading`, `loaded`, `success`, `error` or `handed-over`. */
  get state(): VerificationState {
    return this.#flow.state;
  }

  /** The size class in force: `large`, `medium`, `small`, `x-small`, or `fill`. */
  get sizeClass(): SizeClass | "fill" {
    return sizeClassIn(this.size, this.#width.width);
  }

  /** Fetches again from `endpoint`, or reloads `href`. */
  reload(): void {
    this.#flow.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#flow.willUpdate(changed);
  }

  protected override render() {
    const { state, error, busy, handoverOffered } = this.#flow;
    return html`
      ${busy ? html`<slot name="loading"><div class="notice"><progress aria-label="Loading"></progress></div></slot>` : nothing}
      ${
        error?.source === "element"
          ? html`<slot name="error"><div class="notice"><p>${error.description}</p><button @click=${this.reload}>Try again</button></div></slot>`
          : nothing
      }
      ${
        handoverOffered
          ? html`<slot name="handover" @click=${this.#flow.handOver}><div class="notice handover"><p>The camera cannot be used on this page.</p><button>Continue in a new tab</button></div></slot>`
          : nothing
      }
      ${state === "handed-over" ? html`<div class="notice"><p>Continue in the new tab.</p></div>` : nothing}
      <p class="visually-hidden" role="status">${announcement(state, error, this.label)}</p>
      <div class="sizer"></div>
      <slot @slotchange=${this.#flow.slotChanged}></slot>
    `;
  }
}
