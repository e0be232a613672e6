import type { z } from "zod";
import { type CallOptions, callOptionsSchema, clientOptionsSchema, type JumioClientOptions } from "./client-options.js";

export type { CallOptions };

import { systemClock } from "./clock.js";
import { JumioApiError, JumioResponseError, JumioTimeoutError } from "./errors.js";
import { createHttp, type HttpRequest, type HttpResponse, mediaType } from "./http.js";
import { inspectImage } from "./image.js";
import { type PartFile, readPartFile } from "./part-file.js";
import { createRedactor } from "./redactor.js";
import { resolveBaseUrls } from "./regions.js";
import { type ResourceIds, resourcePath } from "./resource-path.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import {
  type AccountRequest,
  type AccountResponse,
  accountRequestSchema,
  accountResponseSchema,
  madeAccountId,
} from "./schemas/account.js";
import {
  type FinalizeWorkflowResponse,
  finalizeWorkflowResponseSchema,
  type UploadPartResponse,
  uploadPartResponseSchema,
} from "./schemas/api-channel.js";
import type { PartClassifier } from "./schemas/identifiers.js";
import {
  type WorkflowDetails,
  type WorkflowStatus,
  type WorkflowSteps,
  workflowDetailsSchema,
  workflowStatusSchema,
  workflowStepsSchema,
} from "./schemas/retrieval.js";
import { type ServiceStatus, serviceStatusSchema } from "./schemas/service-status.js";
import { tokenResponseSchema } from "./schemas/token.js";
import { createTokenCache } from "./token.js";
import { toIssues, validate } from "./validate.js";

/** A credential image from Retrieval. */
export interface CredentialPart {
  bytes: Uint8Array;
  /** `image/jpeg` or `image/png`: Jumio's `Content-Type` when it is one of them, else read from the bytes. */
  contentType: string;
}

/** An API-channel upload: the ids in the Account answer's `api.parts` URL, and a JPEG or PNG (≤ 5 MB, 8000 × 8000). */
export type PartUpload = ResourceIds & { file: PartFile };

export interface JumioClient {
  createAccount(request: AccountRequest, options?: CallOptions): Promise<AccountResponse>;
  updateAccount(accountId: string, request: AccountRequest, options?: CallOptions): Promise<AccountResponse>;
  getWorkflowStatus(accountId: string, workflowExecutionId: string, options?: CallOptions): Promise<WorkflowStatus>;
  getWorkflowDetails(accountId: string, workflowExecutionId: string, options?: CallOptions): Promise<WorkflowDetails>;
  getWorkflowSteps(accountId: string, workflowExecutionId: string, options?: CallOptions): Promise<WorkflowSteps>;
  getCredentialPart(
    accountId: string,
    credentialId: string,
    classifier: PartClassifier,
    options?: CallOptions,
  ): Promise<CredentialPart>;
  deleteAccount(accountId: string, options?: CallOptions): Promise<void>;
  deleteWorkflow(accountId: string, workflowExecutionId: string, options?: CallOptions): Promise<void>;
  uploadPart(part: PartUpload, options?: CallOptions): Promise<UploadPartResponse>;
  finalizeWorkflow(
    accountId: string,
    workflowExecutionId: string,
    options?: CallOptions,
  ): Promise<FinalizeWorkflowResponse>;
  getServiceStatus(options?: CallOptions): Promise<ServiceStatus>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const JSON_TYPE = "application/json";
const decoder = new TextDecoder();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Defined<Values> = { [Key in keyof Values]?: Exclude<Values[Key], undefined> };

/** `{ retries: undefined }` from a JavaScript caller must not override a default. */
function definedOnly<Values extends object>(values: Values): Defined<Values> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Defined<Values>;
}

/** Retrieval's images are "a JPG or PNG image" (guide); nothing else passes, an SVG least of all. */
const PART_TYPES = ["image/jpeg", "image/png"];

function imageType({ headers, body }: HttpResponse): string | undefined {
  const declared = mediaType(headers);
  return declared && PART_TYPES.includes(declared) ? declared : inspectImage(body)?.type;
}

/** Shorter query values (`v=1`) are not taken for secrets: redacting them would garble the rest. */
const MIN_QUERY_SECRET_LENGTH = 16;

/** The parts of a callback URL that may be credentials: its password, and its long query values (the service's secret is one). */
function urlSecrets(url: string | undefined): string[] {
  if (url === undefined || !URL.canParse(url)) return [];
  const { password, searchParams } = new URL(url);
  const values = [...searchParams.values()].filter((value) => value.length >= MIN_QUERY_SECRET_LENGTH);
  return password === "" ? values : [password, ...values];
}

export function createJumioClient(options: JumioClientOptions): JumioClient {
  const settings = validate(clientOptionsSchema, options, "Invalid createJumioClient options");
  const urls = resolveBaseUrls(settings.region, settings.baseUrls);
  const clock = options.clock ?? systemClock;
  const basicCredentials = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString("base64");
  const redactor = createRedactor([settings.clientSecret, basicCredentials]);
  const http = createHttp({
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, ...definedOnly(settings.retry ?? {}) },
    clock,
    redactor,
  });
  const commonHeaders = { Accept: JSON_TYPE, "User-Agent": settings.userAgent };

  /**
   * A call's request. `Content-Type: application/json` goes with every request but the
   * multipart upload: the guide lists it among the required headers of Account Create/Update,
   * finalize and Retrieval alike, bodies or not.
   */
  function outgoing(
    method: HttpRequest["method"],
    url: string,
    call: CallOptions | undefined,
    body?: string | FormData,
  ): HttpRequest {
    const { signal, timeoutMs } = validate(callOptionsSchema, call ?? {}, "Invalid call options");
    return {
      method,
      url,
      headers: body instanceof FormData ? commonHeaders : { ...commonHeaders, "Content-Type": JSON_TYPE },
      ...(body === undefined ? {} : { body }),
      retryable: method === "GET" || method === "DELETE",
      signal,
      timeoutMs,
    };
  }

  function assertOk(request: HttpRequest, response: HttpResponse): HttpResponse {
    if (response.status >= 200 && response.status < 300) return response;
    const text = decoder.decode(response.body);
    const json = parseJson(text);
    const body =
      json === undefined ? redactor.redact(text, request.secrets) : redactor.redactParsed(json, request.secrets);
    throw new JumioApiError(request.method, request.url, response.status, body, response.truncated);
  }

  function readJson<Schema extends z.ZodType>(
    schema: Schema,
    request: HttpRequest,
    response: HttpResponse,
    accountOf?: (body: unknown) => string | undefined,
  ): z.output<Schema> {
    const what = `Unexpected answer to ${request.method} ${request.url}`;
    const body = parseJson(decoder.decode(response.body));
    if (body === undefined) throw new JumioResponseError(what, response.status, [{ path: "", message: "is not JSON" }]);
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    throw new JumioResponseError(what, response.status, toIssues(result.error), accountOf?.(body));
  }

  const tokens = createTokenCache(async () => {
    const request: HttpRequest = {
      method: "POST",
      url: urls.auth,
      headers: {
        ...commonHeaders,
        Authorization: `Basic ${basicCredentials}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
      retryable: true,
    };
    const token = readJson(tokenResponseSchema, request, assertOk(request, await http(request)));
    redactor.add(token.access_token);
    return { accessToken: token.access_token, expiresInMs: token.expires_in * 1000 };
  }, clock.now);

  /**
   * The shared token, or this call's abort reason or timeout, whichever comes first. The
   * token request itself goes on for the other callers: no single caller can cancel it.
   */
  function tokenFor({ signal, timeoutMs }: HttpRequest): Promise<string> {
    const shared = tokens.get();
    const limits = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter(
      (limit): limit is AbortSignal => limit !== undefined,
    );
    if (limits.length === 0) return shared;
    const limit = AbortSignal.any(limits);
    return new Promise((resolve, reject) => {
      const giveUp = () =>
        reject(signal?.aborted ? signal.reason : new JumioTimeoutError("POST", urls.auth, timeoutMs ?? 0));
      shared.then(resolve, reject).finally(() => limit.removeEventListener("abort", giveUp));
      if (limit.aborted) giveUp();
      else limit.addEventListener("abort", giveUp, { once: true });
    });
  }

  /** Sends with a bearer token; a 401 renews the token once and repeats the request once. */
  async function authorized(request: HttpRequest): Promise<HttpResponse> {
    const send = (token: string) =>
      http({ ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } });
    const token = await tokenFor(request);
    let response = await send(token);
    if (response.status === 401) {
      tokens.invalidate(token);
      response = await send(await tokenFor(request));
    }
    return assertOk(request, response);
  }

  async function callJson<Schema extends z.ZodType>(schema: Schema, request: HttpRequest): Promise<z.output<Schema>> {
    return readJson(schema, request, await authorized(request));
  }

  async function accountCall(method: "POST" | "PUT", path: string, body: AccountRequest, options?: CallOptions) {
    const valid = validate(accountRequestSchema, body, "Invalid account request");
    const request = {
      ...outgoing(method, urls.account + path, options, JSON.stringify(valid)),
      secrets: urlSecrets(valid.callbackUrl),
    };
    return readJson(accountResponseSchema, request, await authorized(request), madeAccountId);
  }

  return {
    async createAccount(request, options) {
      return accountCall("POST", "/api/v1/accounts", request, options);
    },
    async updateAccount(accountId, request, options) {
      return accountCall("PUT", resourcePath({ accountId }), request, options);
    },
    async getWorkflowStatus(accountId, workflowExecutionId, options) {
      const url = `${urls.retrieval}${resourcePath({ accountId, workflowExecutionId })}/status`;
      return callJson(workflowStatusSchema, outgoing("GET", url, options));
    },
    async getWorkflowDetails(accountId, workflowExecutionId, options) {
      const url = urls.retrieval + resourcePath({ accountId, workflowExecutionId });
      return callJson(workflowDetailsSchema, outgoing("GET", url, options));
    },
    async getWorkflowSteps(accountId, workflowExecutionId, options) {
      const url = `${urls.retrieval}${resourcePath({ accountId, workflowExecutionId })}/steps`;
      return callJson(workflowStepsSchema, outgoing("GET", url, options));
    },
    async getCredentialPart(accountId, credentialId, classifier, options) {
      const request = outgoing("GET", urls.retrieval + resourcePath({ accountId, credentialId, classifier }), options);
      const response = await authorized(request);
      const contentType = imageType(response);
      if (contentType === undefined) {
        throw new JumioResponseError(`Unexpected answer to GET ${request.url}`, response.status, [
          { path: "", message: "is not an image" },
        ]);
      }
      return { bytes: response.body, contentType };
    },
    async deleteAccount(accountId, options) {
      await authorized(outgoing("DELETE", urls.retrieval + resourcePath({ accountId }), options));
    },
    async deleteWorkflow(accountId, workflowExecutionId, options) {
      const url = urls.retrieval + resourcePath({ accountId, workflowExecutionId });
      await authorized(outgoing("DELETE", url, options));
    },
    async uploadPart(part, options) {
      const { accountId, workflowExecutionId, credentialId, classifier } = part;
      const url = urls.api + resourcePath({ accountId, workflowExecutionId, credentialId, classifier });
      const { bytes, image } = await readPartFile(part.file);
      const form = new FormData();
      const filename = `${classifier.toLowerCase()}.${image.type === "image/png" ? "png" : "jpg"}`;
      form.append("file", new Blob([new Uint8Array(bytes)], { type: image.type }), filename);
      return callJson(uploadPartResponseSchema, outgoing("POST", url, options, form));
    },
    async finalizeWorkflow(accountId, workflowExecutionId, options) {
      const url = urls.api + resourcePath({ accountId, workflowExecutionId });
      // The guide lists `Content-Type: application/json` among the required headers and documents no body: `{}`.
      return callJson(finalizeWorkflowResponseSchema, outgoing("PUT", url, options, "{}"));
    },
    async getServiceStatus(options) {
      const request = outgoing("GET", urls.status, options);
      return readJson(serviceStatusSchema, request, assertOk(request, await http(request)));
    },
  };
}
