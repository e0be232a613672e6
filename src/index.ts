import { JumioVerificationElement } from "./element/jumio-verification-element.js";

export { type CameraCheck, type CameraProblem, type CameraSupport, checkCameraSupport } from "./camera-support.js";

export {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioPreflightEvent,
  type JumioRedirectSuccess,
  type JumioStateChangeDetail,
  JumioStateChangeEvent,
  type JumioSuccessDetail,
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
  type JumioRedirectError,
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
export { relayRedirect } from "./relay.js";
export { type SizeClass, type SizeOption, sizeClassFor } from "./size-class.js";
export { JumioVerificationElement };

JumioVerificationElement.define();

declare global {
  interface HTMLElementTagNameMap {
    "jumio-verification": JumioVerificationElement;
  }
}
