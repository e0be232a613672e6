import { createComponent, type EventName } from "@lit/react";
import * as React from "react";
import type {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
} from "./element/events.js";
import { JumioVerificationElement } from "./element.js";
import type { VerificationOptions } from "./options.js";

// The wrapper renders <jumio-verification>, so this entry defines it, guarded like the main
// entry: a no-op in Node (no `customElements`) and when it is already defined.
JumioVerificationElement.define();

/** The element's options, set as properties (not attributes) by the wrapper. */
export type JumioVerificationElementProps = Partial<VerificationOptions>;

/** Callback props, each added as a listener for its event; a new function replaces the old one. */
export interface JumioVerificationEventProps {
  onJumioLoaded?: (event: JumioLoadedEvent) => void;
  onJumioSuccess?: (event: JumioSuccessEvent) => void;
  onJumioError?: (event: JumioErrorEvent) => void;
  onJumioMessage?: (event: JumioMessageEvent) => void;
  onJumioStateChange?: (event: JumioStateChangeEvent) => void;
}

/** Props of `<JumioVerification>`: React's HTML attributes, the element's properties and the event callbacks. */
export type JumioVerificationProps = Omit<
  React.HTMLAttributes<JumioVerificationElement>,
  keyof JumioVerificationElementProps | keyof JumioVerificationEventProps
> &
  JumioVerificationElementProps &
  JumioVerificationEventProps;

const events = {
  onJumioLoaded: "jumio-loaded" as EventName<JumioLoadedEvent>,
  onJumioSuccess: "jumio-success" as EventName<JumioSuccessEvent>,
  onJumioError: "jumio-error" as EventName<JumioErrorEvent>,
  onJumioMessage: "jumio-message" as EventName<JumioMessageEvent>,
  onJumioStateChange: "jumio-state-change" as EventName<JumioStateChangeEvent>,
};

/**
 * `<jumio-verification>` as a React component (React 18 and 19). Its `ref` is the element, for
 * `reload()`, `state` and `sizeClass`.
 *
 * @example
 * <JumioVerification href={href} onJumioSuccess={(event) => done(event.detail.workflowExecutionId)} />
 */
export const JumioVerification: React.ForwardRefExoticComponent<
  JumioVerificationProps & React.RefAttributes<JumioVerificationElement>
> = createComponent({
  react: React,
  tagName: "jumio-verification",
  elementClass: JumioVerificationElement,
  events,
  displayName: "JumioVerification",
});
