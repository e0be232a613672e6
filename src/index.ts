import { JumioVerificationElement } from "./element/jumio-verification-element.js";

export { JumioVerificationElement };
export {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
  type JumioStateChangeDetail,
  type VerificationState,
} from "./element/events.js";
export {
  JUMIO_ERROR_CODES,
  type ElementErrorCode,
  type JumioClientError,
  type JumioElementError,
  type JumioErrorCodeInfo,
  type JumioErrorDetail,
} from "./error-codes.js";
export {
  fetchVerificationHref,
  JumioFetchError,
  type FetchErrorCode,
  type FetchVerificationHrefOptions,
  type VerificationHref,
} from "./fetcher.js";
export { parseJumioMessage, type JumioMessage } from "./messages.js";
export type { VerificationAttributes, VerificationOptions } from "./options.js";
export { parseRedirect, type JumioRedirect } from "./redirect.js";
export { sizeClassFor, type SizeClass, type SizeOption } from "./size-class.js";

JumioVerificationElement.define();

declare global {
  interface HTMLElementTagNameMap {
    "jumio-verification": JumioVerificationElement;
  }
}
