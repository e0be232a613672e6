import { css } from "lit";

export const styles = css`
  :host {
    display: block;
    position: relative;
    --_height: var(--jumio-verification-height-large, 710px);
  }
  :host([hidden]) {
    display: none;
  }
  :host([size-class="medium"]) {
    --_height: var(--jumio-verification-height-medium, 660px);
  }
  :host([size-class="small"]) {
    --_height: var(--jumio-verification-height-small, 600px);
  }
  :host([size-class="x-small"]) {
    --_height: var(--jumio-verification-height-x-small, 535px);
  }
  :host([size-class="fill"]) {
    --_height: 100%;
    height: 100%;
  }
  iframe,
  ::slotted(iframe) {
    display: block;
    box-sizing: border-box;
    width: 100%;
    height: var(--_height);
    border: var(--jumio-verification-border, none);
    border-radius: var(--jumio-verification-radius, 0);
    background: var(--jumio-verification-background, transparent);
  }
  .sizer {
    position: absolute;
    inset: 0 0 auto;
    visibility: hidden;
  }
  .notice {
    display: grid;
    place-items: center;
    gap: 1em;
    padding: 1em;
    text-align: center;
  }
  :host([state="loading"]) .notice {
    position: absolute;
    inset: 0;
    pointer-events: none;
  }
  :host(:not([state="idle"])) .handover {
    position: absolute;
    inset: 0;
    background: Canvas;
  }
  progress {
    opacity: 0.6;
  }
  .visually-hidden {
    position: absolute;
    inset: 0;
    margin: 0;
    clip-path: inset(50%);
  }
  @media (prefers-reduced-motion: reduce) {
    progress {
      visibility: hidden;
    }
  }
`;
