export { JumioVerificationElement } from "./element/jumio-verification-element.js";
