import { checkCameraSupport } from "./camera-support.js";
import { JUMIO_ERROR_CODES } from "./error-codes.js";
import { fetchVerificationHref } from "./fetcher.js";
import { parseRedirect } from "./redirect.js";
import { relayRedirect } from "./relay.js";
import "./index.js";

declare global {
  interface Window {
    JumioVerification: {
      fetchVerificationHref: typeof fetchVerificationHref;
      parseRedirect: typeof parseRedirect;
      relayRedirect: typeof relayRedirect;
      checkCameraSupport: typeof checkCameraSupport;
      JUMIO_ERROR_CODES: typeof JUMIO_ERROR_CODES;
    };
  }
}

window.JumioVerification = Object.freeze({
  fetchVerificationHref,
  parseRedirect,
  relayRedirect,
  checkCameraSupport,
  JUMIO_ERROR_CODES,
});
