import type { ReactiveController, ReactiveControllerHost } from "lit";
import { type JumioMessage, parseJumioMessage } from "../messages.js";

/** The frame whose messages count, the exact origin they must come from, and who hears them. */
export interface TrustedFrame {
  frame: HTMLIFrameElement;
  origin: string;
  deliver(message: JumioMessage): void;
}

/**
 * Listens to `window` while the host is connected (from before its first render, so before
 * any `src` is set) and delivers only valid messages of the trusted frame, given as each
 * navigation starts: a real (`isTrusted`) event, from the frame itself, at the exact origin of
 * the href it loaded.
 */
export class FrameMessages implements ReactiveController {
  #trusted: TrustedFrame | undefined;
  #connection: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** From now on, only `trusted`'s messages count; none at all for undefined. */
  trust(trusted: TrustedFrame | undefined): void {
    this.#trusted = trusted;
  }

  hostConnected(): void {
    this.#connection = new AbortController();
    globalThis.addEventListener("message", this.#listener, { signal: this.#connection.signal });
  }

  hostDisconnected(): void {
    this.#connection?.abort();
  }

  #listener = (event: MessageEvent): void => {
    const trusted = this.#trusted;
    if (!trusted || event.origin !== trusted.origin || !event.isTrusted) return;
    const source = trusted.frame.contentWindow;
    if (!source || event.source !== source) return;
    const message = parseJumioMessage(event.data);
    if (message) trusted.deliver(message);
  };
}
