import { z } from "zod";
import type { PartClassifier } from "../server/schemas/index.js";
import { empty, json, parseBody } from "./answers.js";
import { type CallbackRecord, dropCountSchema } from "./callbacks.js";
import type { MockContext } from "./context.js";
import type { FailureRule } from "./faults.js";
import { failureRuleSchema } from "./faults.js";
import { type Route, route } from "./router.js";
import { DOCUMENT_TYPES } from "./sample-results.js";
import type { CredentialCategory, MockAccount, MockWorkflow, WorkflowState } from "./store.js";

export const CONTROL_PREFIX = "/__mock";

export interface MockAccountSummary {
  id: string;
  createdAt: string;
  workflowExecutionIds: string[];
}

export interface MockWorkflowSummary {
  accountId: string;
  workflowExecutionId: string;
  status: WorkflowState;
  /** The token of `web.href`, `sdk.token` and `api.token`. */
  authorizationToken: string;
  /** `web.href` of the Account answer. */
  href: string;
  customerInternalReference: string;
  userReference?: string;
  callbackUrl?: string;
  definitionKey: string;
  createdAt: string;
  tokenExpiresAt: string;
  startedAt?: string;
  /** The capture was taken: ACQUIRED, or PROCESSED since. */
  acquiredAt?: string;
  completedAt?: string;
  credentials: { id: string; category: CredentialCategory; parts: PartClassifier[] }[];
}

/** The control API: methods of the object `startMockJumio` returns, and the same over HTTP under `/__mock`. */
export interface MockControl {
  accounts(): MockAccountSummary[];
  workflows(): MockWorkflowSummary[];
  /** Every callback the mock sent or is sending, oldest first, with each attempt. */
  callbacks(): CallbackRecord[];
  /** Resolves once no callback is in flight or waiting for a retry. */
  callbacksSettled(): Promise<void>;
  /** The next `count` callbacks are never sent (lost); `callbacks()` lists them with `dropped: true`. */
  dropCallbacks(count: number): void;
  /**
   * Ends a token's lifetime now: a workflow's authorization token (given the token or the
   * workflow id; the workflow becomes TOKEN_EXPIRED unless finished) or an OAuth2 access
   * token. `false` when the mock never issued it.
   */
  expireToken(tokenOrWorkflowExecutionId: string): boolean;
  /** Ends every OAuth2 access token's lifetime now; returns how many were live. */
  expireAccessTokens(): number;
  /** Makes the next calls to a path answer a given status (see `FailureRule`). */
  failNext(rule: FailureRule): void;
  /**
   * What **Complete verification** does, without a browser: ACQUIRED now, PROCESSED after the
   * processing delay. `false` unless the workflow exists and is INITIATED.
   */
  complete(workflowExecutionId: string, options?: { documentType?: (typeof DOCUMENT_TYPES)[number] }): boolean;
  /** Forgets accounts, workflows, callbacks, callbacks to drop and failure rules. OAuth2 access tokens stay valid. */
  reset(): void;
}

const isoTime = (time: number) => new Date(time).toISOString();

export function accountSummary(account: MockAccount): MockAccountSummary {
  return {
    id: account.id,
    createdAt: isoTime(account.createdAt),
    workflowExecutionIds: account.workflows.map(({ id }) => id),
  };
}

export function workflowSummary(workflow: MockWorkflow, href: string): MockWorkflowSummary {
  const { request } = workflow;
  return {
    accountId: workflow.accountId,
    workflowExecutionId: workflow.id,
    status: workflow.status,
    authorizationToken: workflow.authorizationToken,
    href,
    customerInternalReference: request.customerInternalReference,
    ...(request.userReference ? { userReference: request.userReference } : {}),
    ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
    definitionKey: String(request.workflowDefinition.key),
    createdAt: isoTime(workflow.createdAt),
    tokenExpiresAt: isoTime(workflow.tokenExpiresAt),
    ...(workflow.startedAt === undefined ? {} : { startedAt: isoTime(workflow.startedAt) }),
    ...(workflow.acquired === undefined ? {} : { acquiredAt: isoTime(workflow.acquired.at) }),
    ...(workflow.completedAt === undefined ? {} : { completedAt: isoTime(workflow.completedAt) }),
    credentials: workflow.credentials.map(({ id, category, parts }) => ({ id, category, parts: [...parts.keys()] })),
  };
}

const ENDPOINTS = {
  "GET /__mock/accounts": "accounts and their workflow execution ids",
  "GET /__mock/workflows": "workflows: status, tokens, href, credentials and parts",
  "GET /__mock/callbacks": "callbacks sent, with every attempt",
  "POST /__mock/drop-callbacks": '{ "count" }: the next count callbacks are never sent (lost)',
  "POST /__mock/expire-token": '{ "token" } or { "workflowExecutionId" }: end a token\'s lifetime now',
  "POST /__mock/expire-access-tokens": "end every OAuth2 access token's lifetime now",
  "POST /__mock/fail-next":
    '{ "path", "status", "times"?, "method"?, "body"?, "retryAfter"? }: answer the next calls so',
  "POST /__mock/complete": '{ "workflowExecutionId", "documentType"? }: what Complete verification does',
  "POST /__mock/reset": "forget accounts, workflows, callbacks, callbacks to drop and failure rules",
};

const expireSchema = z.union([
  z.strictObject({ token: z.string().min(1) }),
  z.strictObject({ workflowExecutionId: z.string().min(1) }),
]);

const dropSchema = z.strictObject({ count: dropCountSchema });

const completeSchema = z.strictObject({
  workflowExecutionId: z.string().min(1),
  documentType: z.enum(DOCUMENT_TYPES).optional(),
});

/** What `GET /` and `GET /__mock` answer: where everything is. */
export function describeMock(context: MockContext, baseUrls: object) {
  return {
    name: "jumio-verification-mock",
    description: "A local simulated Jumio KYX platform: no verification is real.",
    clientId: context.clientId,
    baseUrls,
    webClient: `${context.origin}/web/v4/app?authorizationToken=…`,
    control: ENDPOINTS,
  };
}

export function controlRoutes(control: MockControl, context: MockContext, index: object): Route[] {
  const parse = <Schema extends z.ZodType>(request: Request, schema: Schema) =>
    parseBody(request, schema, "Invalid control request", context.now());

  return [
    route("GET", CONTROL_PREFIX, () => json(200, index)),
    route("GET", `${CONTROL_PREFIX}/accounts`, () => json(200, control.accounts())),
    route("GET", `${CONTROL_PREFIX}/workflows`, () => json(200, control.workflows())),
    route("GET", `${CONTROL_PREFIX}/callbacks`, () => json(200, control.callbacks())),
    route("POST", `${CONTROL_PREFIX}/drop-callbacks`, async ({ request }) => {
      const body = await parse(request, dropSchema);
      if (body instanceof Response) return body;
      control.dropCallbacks(body.count);
      return empty(204);
    }),
    route("POST", `${CONTROL_PREFIX}/expire-token`, async ({ request }) => {
      const body = await parse(request, expireSchema);
      if (body instanceof Response) return body;
      const found = control.expireToken("token" in body ? body.token : body.workflowExecutionId);
      return found ? empty(204) : context.fail(404, "No such token or workflow execution.");
    }),
    route("POST", `${CONTROL_PREFIX}/expire-access-tokens`, () => json(200, { expired: control.expireAccessTokens() })),
    route("POST", `${CONTROL_PREFIX}/fail-next`, async ({ request }) => {
      const rule = await parse(request, failureRuleSchema);
      if (rule instanceof Response) return rule;
      control.failNext(rule);
      return empty(204);
    }),
    route("POST", `${CONTROL_PREFIX}/complete`, async ({ request }) => {
      const body = await parse(request, completeSchema);
      if (body instanceof Response) return body;
      const workflow = context.store.byId(body.workflowExecutionId);
      if (!workflow) return context.fail(404, "Workflow execution not found.");
      const options = body.documentType ? { documentType: body.documentType } : {};
      return control.complete(workflow.id, options)
        ? empty(204)
        : context.fail(409, `The workflow execution is ${workflow.status}.`);
    }),
    route("POST", `${CONTROL_PREFIX}/reset`, () => {
      control.reset();
      return empty(204);
    }),
  ];
}
