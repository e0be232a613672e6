// <jumio-verification> in JSX without a wrapper: React 19, Preact and Solid. Opt in with
// `import type {} from "jumio-verification/jsx";` (or `"types": ["jumio-verification/jsx"]`),
// and import "jumio-verification" at run time so the element is defined before it renders:
// the frameworks set a prop as a property only when the element already has it.
//
// Each block below augments one framework's JSX namespace, and applies only where that
// framework's types are installed. The `@ts-ignore`s keep the imports of the others from being
// errors in projects that check libraries (`skipLibCheck: false`).
// @ts-ignore -- @types/react is absent outside React projects

// @ts-ignore -- preact is absent outside Preact projects
import type { JSX as PreactJSX } from "preact";
import type * as React from "react";
// @ts-ignore -- solid-js is absent outside Solid projects
import type { JSX as SolidJSX } from "solid-js";
import type {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioPreflightEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
  JumioVerificationElement,
  VerificationAttributes,
  VerificationOptions,
} from "./index.js";

/** The element's attributes, as written in markup (their docs are on the properties of the same name, camel-cased). */
export type JumioVerificationAttributes = Partial<VerificationAttributes>;

/** The element's options as properties, `requestInit` among them (it has no attribute). */
export type JumioVerificationProperties = Partial<VerificationOptions>;

/** React 19 and Preact add a listener for `on` + the exact event name. */
export interface JumioVerificationEventListeners {
  "onjumio-loaded"?: (event: JumioLoadedEvent) => void;
  "onjumio-success"?: (event: JumioSuccessEvent) => void;
  "onjumio-error"?: (event: JumioErrorEvent) => void;
  "onjumio-message"?: (event: JumioMessageEvent) => void;
  "onjumio-state-change"?: (event: JumioStateChangeEvent) => void;
  "onjumio-preflight"?: (event: JumioPreflightEvent) => void;
}

/** Solid's native listeners: `on:` + the exact event name. */
export interface JumioVerificationSolidEventListeners {
  "on:jumio-loaded"?: (event: JumioLoadedEvent) => void;
  "on:jumio-success"?: (event: JumioSuccessEvent) => void;
  "on:jumio-error"?: (event: JumioErrorEvent) => void;
  "on:jumio-message"?: (event: JumioMessageEvent) => void;
  "on:jumio-state-change"?: (event: JumioStateChangeEvent) => void;
  "on:jumio-preflight"?: (event: JumioPreflightEvent) => void;
}

type Own<Listeners> = JumioVerificationAttributes & JumioVerificationProperties & Listeners;
type Merged<Base, Listeners> = Omit<Base, keyof Own<Listeners>> & Own<Listeners>;

/** `<jumio-verification>`'s props in React 19 JSX (`ref` is the element). */
export type JumioVerificationReactJSX = Merged<
  React.DetailedHTMLProps<React.HTMLAttributes<JumioVerificationElement>, JumioVerificationElement>,
  JumioVerificationEventListeners
>;
/** `<jumio-verification>`'s props in Preact JSX. */
export type JumioVerificationPreactJSX = Merged<
  PreactJSX.HTMLAttributes<JumioVerificationElement>,
  JumioVerificationEventListeners
>;
/** `<jumio-verification>`'s props in Solid JSX. */
export type JumioVerificationSolidJSX = Merged<
  SolidJSX.HTMLAttributes<JumioVerificationElement>,
  JumioVerificationSolidEventListeners
>;

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "jumio-verification": JumioVerificationReactJSX;
    }
  }
}

declare module "preact" {
  namespace JSX {
    interface IntrinsicElements {
      "jumio-verification": JumioVerificationPreactJSX;
    }
  }
}

declare module "solid-js" {
  namespace JSX {
    interface IntrinsicElements {
      "jumio-verification": JumioVerificationSolidJSX;
    }
  }
}
