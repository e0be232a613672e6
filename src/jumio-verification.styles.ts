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
    height: 0;
    visibility: hidden;
  }
  .notice {
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1em;
    min-height: 8em;
    padding: 1em;
    text-align: center;
  }
  :host([state="loading"]) .notice {
    position: absolute;
    inset: 0;
    pointer-events: none;
  }
  .spinner {
    width: 2em;
    height: 2em;
    border: 0.25em solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    opacity: 0.5;
    animation: spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 4s;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
