// The declarative element as data: its attributes and its iframe's, checked. Pure (no DOM, no
// Node built-ins): the server's renderVerificationHtml and the React wrapper render it.
import { VERIFICATION_DEFAULTS } from "./options.js";
import type { SizeOption } from "./size-class.js";
import { allowedOriginOf, originOf, trustedHref } from "./trust.js";

/**
 * The permissions the web client needs: the guide's five for biometric face capture
 * ("camera;fullscreen;accelerometer;gyroscope;magnetometer") plus the three of Jumio's current
 * embed guide. Permissions policy is fixed when the frame navigates, so this must be on the
 * iframe before its `src`.
 */
export const IFRAME_ALLOW =
  "camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer";

/** What the server knows of a verification to render: the href and the element's markup options. */
export interface VerificationHtmlOptions {
  /** The `web.href` of Jumio's Account Create/Update response: the iframe's `src`. */
  href: string;
  /** The iframe's accessible name (default `Identity verification`). */
  label?: string | undefined;
  /** Extra origins trusted for `href` and messages (a proxy, the local mock): a list, or space-separated. */
  allowedOrigins?: string | readonly string[] | undefined;
  /** `auto` (default) follows the element's width; a size class pins the height; `fill` fills the host. */
  size?: SizeOption | undefined;
  /** Milliseconds to wait for the web client's `loaded` message (default 30000). */
  loadTimeout?: number | undefined;
}

/** The declarative element's attributes and its iframe's, each in the order they are written. */
export interface FrameMarkup {
  element: Record<string, string>;
  frame: { src: string; allow: string; title: string };
}

const SIZES: Readonly<Record<SizeOption, true>> = {
  auto: true,
  large: true,
  medium: true,
  small: true,
  "x-small": true,
  fill: true,
};

const isPositiveNumber = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value) && value > 0;

/** The origins of `allowedOrigins`, as the element parses its attribute; a bad entry throws. */
function allowedOriginsOf(allowedOrigins: string | readonly string[]): string[] {
  const entries = typeof allowedOrigins === "string" ? allowedOrigins.split(/\s+/).filter(Boolean) : allowedOrigins;
  return entries.map((entry) => {
    const origin = allowedOriginOf(entry);
    if (origin) return origin;
    throw new Error(
      `jumio-verification: an allowed origin (${originOf(entry)}) must be https: (or http: on a loopback host), without credentials.`,
    );
  });
}

/**
 * The markup of a declarative `<jumio-verification>` around an iframe on `href`. Throws an Error
 * for an href the element would not load (the v1 trust rules), a bad allowed origin, size,
 * load timeout or label; no message holds the href's path or query.
 */
export function frameMarkup({
  href,
  label,
  allowedOrigins = [],
  size,
  loadTimeout,
}: VerificationHtmlOptions): FrameMarkup {
  const origins = allowedOriginsOf(allowedOrigins);
  const url = trustedHref(href, origins);
  if (!url)
    throw new Error(
      `jumio-verification: the href (${originOf(href)}) is not trusted: it must be https: on Jumio's domains or on one of allowedOrigins, without credentials.`,
    );
  if (size !== undefined && !Object.hasOwn(SIZES, size))
    throw new Error(`jumio-verification: size must be one of ${Object.keys(SIZES).join(", ")}; got ${String(size)}.`);
  if (loadTimeout !== undefined && !isPositiveNumber(loadTimeout))
    throw new Error(
      `jumio-verification: loadTimeout must be a positive number of milliseconds; got ${String(loadTimeout)}.`,
    );
  if (label !== undefined && !(typeof label === "string" && label.trim()))
    throw new Error("jumio-verification: label must be a non-empty string: it is the iframe's accessible name.");

  const element: Record<string, string> = {};
  if (origins.length > 0) element["allowed-origins"] = origins.join(" ");
  if (size !== undefined) element.size = size;
  if (label !== undefined) element.label = label;
  if (loadTimeout !== undefined) element["load-timeout"] = String(loadTimeout);
  return { element, frame: { src: url.href, allow: IFRAME_ALLOW, title: label ?? VERIFICATION_DEFAULTS.label } };
}
