import { JumioVerificationElement } from "./element/jumio-verification-element.js";

export {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  type JumioStateChangeDetail,
  JumioStateChangeEvent,
  JumioSuccessEvent,
  type VerificationState,
} from "./element/events.js";
export {
  type ElementErrorCode,
  JUMIO_ERROR_CODES,
  type JumioClientError,
  type JumioElementError,
  type JumioErrorCodeInfo,
  type JumioErrorDetail,
} from "./error-codes.js";
export {
  type FetchErrorCode,
  type FetchVerificationHrefOptions,
  fetchVerificationHref,
  JumioFetchError,
  type VerificationHref,
} from "./fetcher.js";
export { type JumioMessage, parseJumioMessage } from "./messages.js";
export type { VerificationAttributes, VerificationOptions } from "./options.js";
export { type JumioRedirect, parseRedirect } from "./redirect.js";
export { type SizeClass, type SizeOption, sizeClassFor } from "./size-class.js";
export { JumioVerificationElement };

JumioVerificationElement.define();

declare global {
  interface HTMLElementTagNameMap {
    "jumio-verification": JumioVerificationElement;
  }
}
