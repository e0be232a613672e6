import type { ReactiveController, ReactiveControllerHost } from "lit";
import { parseJumioMessage, type JumioMessage } from "./messages.js";

/** The frame whose messages count, and the exact origin they must come from. */
export interface TrustedFrame {
  frame: HTMLIFrameElement;
  origin: string;
}

/**
 * Listens to `window` while the host is connected (from before its first render, so before
 * any `src` is set) and hands over only valid messages that pass the trust rules: a real
 * (`isTrusted`) event, from the frame itself, at the exact origin of the href it loaded.
 */
export class FrameMessages implements ReactiveController {
  readonly #trusted: () => TrustedFrame | undefined;
  readonly #onMessage: (message: JumioMessage) => void;
  #connection: AbortController | undefined;

  constructor(host: ReactiveControllerHost, trusted: () => TrustedFrame | undefined, onMessage: (message: JumioMessage) => void) {
    this.#trusted = trusted;
    this.#onMessage = onMessage;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connection = new AbortController();
    globalThis.addEventListener("message", this.#listener, { signal: this.#connection.signal });
  }

  hostDisconnected(): void {
    this.#connection?.abort();
  }

  #listener = (event: MessageEvent): void => {
    const trusted = this.#trusted();
    if (!trusted || event.origin !== trusted.origin || !event.isTrusted) return;
    const source = trusted.frame.contentWindow;
    if (!source || event.source !== source) return;
    const message = parseJumioMessage(event.data);
    if (message) this.#onMessage(message);
  };
}
