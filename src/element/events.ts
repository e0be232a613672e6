import type { JumioErrorDetail } from "../error-codes.js";
import type { JumioMessage } from "../messages.js";

export type VerificationState = "idle" | "fetching" | "loading" | "loaded" | "success" | "error";

export interface JumioStateChangeDetail {
  state: VerificationState;
  previous: VerificationState;
}

const options = { bubbles: true, composed: true } as const;

/** Every accepted, valid message from the web client, before the specific event. */
export class JumioMessageEvent extends CustomEvent<JumioMessage> {
  constructor(detail: JumioMessage) {
    super("jumio-message", { ...options, detail });
  }
}

/** The web client loaded (`payload.value === "loaded"`). */
export class JumioLoadedEvent extends CustomEvent<JumioMessage> {
  constructor(detail: JumioMessage) {
    super("jumio-loaded", { ...options, detail });
  }
}

/** The images were accepted for verification (`payload.value === "success"`). */
export class JumioSuccessEvent extends CustomEvent<JumioMessage> {
  constructor(detail: JumioMessage) {
    super("jumio-success", { ...options, detail });
  }
}

/** An error from the web client or from the element itself. Cancelable: cancelling stops `auto-renew`. */
export class JumioErrorEvent extends CustomEvent<JumioErrorDetail> {
  constructor(detail: JumioErrorDetail) {
    super("jumio-error", { ...options, cancelable: true, detail });
  }
}

export class JumioStateChangeEvent extends CustomEvent<JumioStateChangeDetail> {
  constructor(detail: JumioStateChangeDetail) {
    super("jumio-state-change", { ...options, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    "jumio-message": JumioMessageEvent;
    "jumio-loaded": JumioLoadedEvent;
    "jumio-success": JumioSuccessEvent;
    "jumio-error": JumioErrorEvent;
    "jumio-state-change": JumioStateChangeEvent;
  }
}
