export { JumioVerificationElement } from "./jumio-verification-element.js";
