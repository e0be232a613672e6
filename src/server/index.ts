export { renderVerificationHtml, type VerificationHtmlOptions } from "../html.js";
export { parseCallback } from "./callback.js";
export type {
  CallbackSourceOptions,
  HostnameResolver,
  JumioDataCenter,
  ResolverCacheOptions,
} from "./callback-source.js";
export { cachedResolver, isJumioCallbackAddress, JUMIO_CALLBACK_HOSTNAMES } from "./callback-source.js";
export type { CallOptions, CredentialPart, JumioClient, PartUpload } from "./client.js";
export { createJumioClient } from "./client.js";
export type { JumioEnv, JumioEnvClientOptions } from "./client-env.js";
export { jumioClientOptionsFromEnv } from "./client-env.js";
export type { JumioClientOptions } from "./client-options.js";
export type { Clock } from "./clock.js";
export type { JumioIssue } from "./errors.js";
export {
  JumioApiError,
  JumioError,
  JumioNetworkError,
  JumioResponseError,
  JumioTimeoutError,
  JumioValidationError,
} from "./errors.js";
export type { VerificationAccount, VerificationHandlerOptions, VerificationHref } from "./handler.js";
export { createVerificationHandler, MAX_HREF_REQUEST_BYTES } from "./handler.js";
export type { FetchHandler, NodeListenerOptions } from "./node-adapter.js";
export { toNodeListener } from "./node-adapter.js";
export type { PartFile } from "./part-file.js";
export { MAX_PART_BYTES, MAX_PART_DIMENSION } from "./part-file.js";
export type { JumioBaseUrls, JumioRegion } from "./regions.js";
export { defaultBaseUrls, JUMIO_REGIONS } from "./regions.js";
export type { RequestInfo } from "./requests.js";
export * from "./schemas/index.js";
export type { ForgetResult } from "./service/erasure.js";
export type {
  ReconcileResult,
  VerificationService,
  VerificationServiceOptions,
} from "./service/verification-service.js";
export { createVerificationService, MAX_CALLBACK_BYTES } from "./service/verification-service.js";
export type { VerificationStore, VerificationStoreOptions } from "./store/open.js";
export { openVerificationStore } from "./store/open.js";
export type { Verification, VerificationStatus } from "./store/records.js";
