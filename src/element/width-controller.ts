import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * Tracks the width of `target()` (rendered by the host) with a ResizeObserver while the host is
 * connected. The target must not change height with the size class, or every class change
 * would be observed again in the same frame ("ResizeObserver loop completed…").
 */
export class WidthController implements ReactiveController {
  /** Unknown until the first observation. */
  width: number | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #target: () => Element | undefined;
  #observer: ResizeObserver | undefined;
  #observed: Element | undefined;

  constructor(host: ReactiveControllerHost, target: () => Element | undefined) {
    this.#host = host;
    this.#target = target;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new ResizeObserver((entries) => {
      // Never called without an entry: ResizeObserver skips an observer with none.
      const width = entries.at(-1)!.contentRect.width;
      // The same width, or a widening by less than 20 px (a classic scrollbar takes 15–17 px),
      // is not followed: a page scrollbar that a taller size class brings, and a shorter one
      // takes away, would flip the class every frame.
      if (width >= this.width! && width < this.width! + 20) return;
      this.width = width;
      // Not within the observer's delivery: an update there that changes the layout (a new
      // size class, a frame inserted meanwhile, the page's scrollbar) would end it with
      // "ResizeObserver loop completed with undelivered notifications".
      requestAnimationFrame(() => this.#host.requestUpdate());
    });
  }

  hostUpdated(): void {
    const target = this.#target();
    if (this.#observer && target && target !== this.#observed) {
      this.#observer.observe(target);
      this.#observed = target;
    }
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#observed = undefined;
  }
}
