import type { CameraSupport } from "../camera-support.js";
import type { JumioErrorDetail } from "../error-codes.js";
import type { JumioMessage } from "../messages.js";
import type { JumioRedirect } from "../redirect.js";

export type VerificationState = "idle" | "fetching" | "loading" | "loaded" | "success" | "error" | "handed-over";

/** A success relayed from the redirect page of a verification continued in a new tab. */
export interface JumioRedirectSuccess extends JumioRedirect {
  source: "redirect";
}

/** The `jumio-success` detail: the web client's message, or the redirect relayed after a handover. */
export type JumioSuccessDetail = JumioMessage | JumioRedirectSuccess;

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
export class JumioSuccessEvent extends CustomEvent<JumioSuccessDetail> {
  constructor(detail: JumioSuccessDetail) {
    super("jumio-success", { ...options, detail });
  }
}

/** An error from the web client or from the element itself. Cancelable: cancelling stops `auto-renew`. */
export class JumioErrorEvent extends CustomEvent<JumioErrorDetail> {
  constructor(detail: JumioErrorDetail) {
    super("jumio-error", { ...options, cancelable: true, detail });
  }
}

/** The camera check before the frame navigates. Cancelable: cancelling navigates the frame as usual, without the handover. */
export class JumioPreflightEvent extends CustomEvent<CameraSupport> {
  constructor(detail: CameraSupport) {
    super("jumio-preflight", { ...options, cancelable: true, detail });
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
    "jumio-preflight": JumioPreflightEvent;
  }
}
