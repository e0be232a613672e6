// Renders <jumio-verification> through the React wrapper, in plain createElement calls (no JSX
// transform needed), and lets the spec drive it through `window.reactHarness`. Which React it is
// depends on the vite server (see `startPages`): the spec reads it back from `versions`.
import { createElement, version as reactVersion, StrictMode, useLayoutEffect, useState } from "react";
import { version as reactDomVersion } from "react-dom";
import { createRoot, hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server.browser";
import { JumioVerification } from "../../../../src/react.js";
import { type Call, callOf } from "./calls.js";

export interface ReactMountOptions {
  href: string;
  allowedOrigins: string;
  strict: boolean;
  loadTimeout?: number;
}

export interface ReactHarness {
  /** `react`'s and `react-dom`'s `version`. */
  versions: { react: string; reactDom: string };
  /** Every callback call, in order. */
  calls: Call[];
  mount(options: ReactMountOptions): void;
  /** Puts the app's server render (by this page's React) in the page, parsed as HTML, then hydrates it. */
  hydrate(options: ReactMountOptions): void;
  /** Re-renders with a new `href` prop. */
  setHref(href: string): void;
  /** Re-renders with new callback functions (their `version` goes up by one). */
  replaceCallbacks(): void;
  unmount(): void;
}

declare global {
  interface Window {
    reactHarness: ReactHarness;
  }
}

const calls: Call[] = [];
const controls = { setHref: (_href: string) => {}, replaceCallbacks: () => {} };
let root: Root | undefined;

function App({ options }: { options: ReactMountOptions }) {
  const [href, setHref] = useState(options.href);
  const [version, setVersion] = useState(1);
  useLayoutEffect(() => {
    controls.setHref = setHref;
    controls.replaceCallbacks = () => setVersion((current) => current + 1);
  }, []);
  // Inline functions that close over `version`: a stale one would report an older version.
  return createElement(JumioVerification, {
    href,
    allowedOrigins: options.allowedOrigins,
    ...(options.loadTimeout === undefined ? {} : { loadTimeout: options.loadTimeout }),
    onJumioLoaded: (event) => calls.push(callOf("onJumioLoaded", version, event)),
    onJumioSuccess: (event) => calls.push(callOf("onJumioSuccess", version, event)),
    onJumioError: (event) => calls.push(callOf("onJumioError", version, event)),
    onJumioMessage: (event) => calls.push(callOf("onJumioMessage", version, event)),
    onJumioStateChange: (event) => calls.push(callOf("onJumioStateChange", version, event)),
  });
}

function app(options: ReactMountOptions) {
  const element = createElement(App, { options });
  return options.strict ? createElement(StrictMode, null, element) : element;
}

window.reactHarness = {
  versions: { react: reactVersion, reactDom: reactDomVersion },
  calls,
  mount(options) {
    root = createRoot(document.getElementById("root")!);
    root.render(app(options));
  },
  hydrate(options) {
    const container = document.getElementById("root")!;
    container.append(document.createRange().createContextualFragment(renderToString(app(options))));
    root = hydrateRoot(container, app(options));
  },
  setHref: (href) => controls.setHref(href),
  replaceCallbacks: () => controls.replaceCallbacks(),
  unmount() {
    root?.unmount();
    root = undefined;
  },
};
