import type { SizeOption } from "./size-class.js";

/**
 * What a page sets on `<jumio-verification>`: the element's writable properties. Each but
 * `requestInit` (an object) has an attribute, its name in kebab case (`fetchTimeout` is
 * `fetch-timeout`). The element, its React wrapper, the JSX types and the fetcher's defaults
 * are made from this type and `VERIFICATION_DEFAULTS`.
 */
export interface VerificationOptions {
  /** The `web.href` of Jumio's Account Create/Update response. */
  href: string;
  /** The host backend's URL that answers `{ href }`; used when `href` is empty. */
  endpoint: string;
  /** Merged into the `endpoint` request (default `POST`, `credentials: "same-origin"`). Property only. */
  requestInit: RequestInit;
  /** Milliseconds the `endpoint` request may take, retries included (default 15000). */
  fetchTimeout: number;
  /** Space-separated extra origins trusted for `href` and messages (a proxy, the local mock). */
  allowedOrigins: string;
  /** `auto` (default) follows the element's width; a size class pins the height; `fill` fills the host. */
  size: SizeOption;
  /** The iframe's accessible name (default `Identity verification`). */
  label: string;
  /** With `endpoint`: on error 9200 or 9210, fetch a fresh href once, unless `jumio-error` was cancelled. */
  autoRenew: boolean;
  /** Milliseconds to wait for the web client's `loaded` message before failing with `load-timeout` (default 30000). */
  loadTimeout: number;
  /** `auto` (default): where the camera cannot work in this page but would in a tab of its own, offer to continue in a new tab; `off`: never. */
  handover: "auto" | "off";
}

export const VERIFICATION_DEFAULTS: Readonly<VerificationOptions> = Object.freeze({
  href: "",
  endpoint: "",
  requestInit: Object.freeze({}),
  fetchTimeout: 15000,
  allowedOrigins: "",
  size: "auto",
  label: "Identity verification",
  autoRenew: false,
  loadTimeout: 30000,
  handover: "auto",
});

type KebabCase<Name extends string> = Name extends `${infer First}${infer Rest}`
  ? `${First extends Lowercase<First> ? First : `-${Lowercase<First>}`}${KebabCase<Rest>}`
  : Name;

/** The options as attributes, named and typed as markup writes them. */
export type VerificationAttributes = {
  [Name in Exclude<keyof VerificationOptions, "requestInit"> as KebabCase<Name>]: VerificationOptions[Name];
};
