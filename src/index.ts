import { JumioVerificationElement } from "./jumio-verification-element.js";

export { JumioVerificationElement };
export { JUMIO_ERROR_CODES, type JumioErrorCodeInfo } from "./error-codes.js";
export {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
  type ElementErrorCode,
  type JumioClientError,
  type JumioElementError,
  type JumioErrorDetail,
  type JumioStateChangeDetail,
  type VerificationState,
} from "./events.js";
export {
  fetchVerificationHref,
  JumioFetchError,
  type FetchErrorCode,
  type FetchVerificationHrefOptions,
  type VerificationHref,
} from "./fetcher.js";
export { parseJumioMessage, type JumioMessage } from "./messages.js";
export { parseRedirect, type JumioRedirect } from "./redirect.js";
export { sizeClassFor, type SizeClass, type SizeOption } from "./size-class.js";

JumioVerificationElement.define();

declare global {
  interface HTMLElementTagNameMap {
    "jumio-verification": JumioVerificationElement;
  }
}
