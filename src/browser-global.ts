import { JUMIO_ERROR_CODES } from "./error-codes.js";
import { fetchVerificationHref } from "./fetcher.js";
import { parseRedirect } from "./redirect.js";
import "./index.js";

declare global {
  interface Window {
    JumioVerification: {
      fetchVerificationHref: typeof fetchVerificationHref;
      parseRedirect: typeof parseRedirect;
      JUMIO_ERROR_CODES: typeof JUMIO_ERROR_CODES;
    };
  }
}

window.JumioVerification = Object.freeze({ fetchVerificationHref, parseRedirect, JUMIO_ERROR_CODES });
