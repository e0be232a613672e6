import { createComponent, type EventName } from "@lit/react";
import * as React from "react";
import type {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioPreflightEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
} from "./element/events.js";
import { JumioVerificationElement } from "./element.js";
import { type FrameMarkup, frameMarkup, type VerificationHtmlOptions } from "./frame-markup.js";
import { VERIFICATION_DEFAULTS, type VerificationOptions } from "./options.js";

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
  onJumioPreflight?: (event: JumioPreflightEvent) => void;
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
  onJumioPreflight: "jumio-preflight" as EventName<JumioPreflightEvent>,
};

/** @lit/react sets a prop as a property where `elementClass.prototype` has it, else React renders it as an attribute. */
const face = (elementClass: typeof JumioVerificationElement) =>
  createComponent({
    react: React,
    tagName: "jumio-verification",
    elementClass,
    events,
    displayName: "JumioVerificationElement",
  });

/** Every option a property: the element makes its own frame. */
const WithOwnFrame = face(JumioVerificationElement);

/** The options that the markup of a server-rendered frame carries as attributes (see frame-markup.ts). */
const MARKUP_OPTIONS: readonly string[] = ["label", "size", "allowedOrigins", "loadTimeout"] satisfies Array<
  keyof VerificationHtmlOptions & keyof VerificationOptions
>;

/** Around a server-rendered frame: the markup's options stay attributes, as the server wrote them; the others are properties. */
const WithServerFrame = face({
  prototype: Object.fromEntries(
    Object.keys(VERIFICATION_DEFAULTS)
      .filter((name) => !MARKUP_OPTIONS.includes(name))
      .map((name) => [name, true]),
  ),
} as unknown as typeof JumioVerificationElement);

const noSubscription = () => () => {};

/** The markup of the server-rendered frame, or null where the element judges the options itself (as `invalid-href`, say). */
function markupOf(options: VerificationHtmlOptions): FrameMarkup | null {
  try {
    return frameMarkup(options);
  } catch {
    return null;
  }
}

/**
 * `<jumio-verification>` as a React component (React 18 and 19). Its `ref` is the element, for
 * `reload()`, `state` and `sizeClass`. Rendered on the server with `href`, it renders the
 * element around its iframe, as `renderVerificationHtml` does, and hydrates to the same tree:
 * the element adopts that frame. A client render leaves the frame to the element.
 *
 * @example
 * <JumioVerification href={href} onJumioSuccess={(event) => done(event.detail.workflowExecutionId)} />
 */
export const JumioVerification: React.ForwardRefExoticComponent<
  JumioVerificationProps & React.RefAttributes<JumioVerificationElement>
> = React.forwardRef<JumioVerificationElement, JumioVerificationProps>(function JumioVerification(props, ref) {
  // True on the server and while hydrating what it rendered (React's getServerSnapshot), false in a client render.
  const serverRendered = React.useSyncExternalStore(
    noSubscription,
    () => false,
    () => true,
  );
  // Decided at the first render: a hydrated frame stays a server-shaped one when href changes.
  const [declarative] = React.useState(serverRendered && Boolean(props.href));
  const { label, size, allowedOrigins, loadTimeout, children, ...rest } = props;
  const markup =
    declarative && props.href ? markupOf({ href: props.href, label, size, allowedOrigins, loadTimeout }) : null;
  if (!markup) return React.createElement(WithOwnFrame, { ...props, ref });
  const { src, allow, title } = markup.frame;
  // Keyed by its src: a new href is a new frame (a new browsing context), which the element adopts.
  const frame = React.createElement("iframe", { key: src, src, allow, allowFullScreen: true, title });
  return React.createElement(WithServerFrame, { ...rest, ...markup.element, ref }, frame, children);
});
