import { resourcePath } from "../server/resource-path.js";
import type {
  AccountResponse,
  FinalizeWorkflowResponse,
  JumioCallback,
  PartClassifier,
  TokenResponse,
  UploadPartResponse,
  WorkflowDetails,
  WorkflowStatus,
  WorkflowSteps,
} from "../server/schemas/index.js";
import type { MockCredential, MockWorkflow } from "./store.js";

/** The bodies of the guide's answers and of the callback, built from the mock's state; every URL points at `origin`. */
export function createWire(origin: string, now: () => number) {
  const timestamp = () => new Date(now()).toISOString();
  const accountHref = (workflow: MockWorkflow) => origin + resourcePath({ accountId: workflow.accountId });
  const workflowHref = (workflow: MockWorkflow) =>
    origin + resourcePath({ accountId: workflow.accountId, workflowExecutionId: workflow.id });
  const uploadHref = (workflow: MockWorkflow, credential: MockCredential, classifier: PartClassifier) =>
    origin +
    resourcePath({
      accountId: workflow.accountId,
      workflowExecutionId: workflow.id,
      credentialId: credential.id,
      classifier,
    });
  const partHref = (workflow: MockWorkflow, credential: MockCredential, classifier: PartClassifier) =>
    origin + resourcePath({ accountId: workflow.accountId, credentialId: credential.id, classifier });
  const definitionKey = (workflow: MockWorkflow) => String(workflow.request.workflowDefinition.key);
  const ids = (workflow: MockWorkflow) => ({
    account: { id: workflow.accountId },
    workflowExecution: { id: workflow.id },
  });

  /** `api` of a credential: the token and the URLs of the API channel, lower-case keys as in the guide's examples. */
  const apiActions = (workflow: MockWorkflow, credential: MockCredential) => ({
    token: workflow.authorizationToken,
    parts: Object.fromEntries(
      credential.classifiers.map((classifier) => [
        classifier.toLowerCase(),
        uploadHref(workflow, credential, classifier),
      ]),
    ),
    workflowExecution: workflowHref(workflow),
  });

  function webHref(workflow: MockWorkflow): string {
    const href = new URL("/web/v4/app", origin);
    href.searchParams.set("authorizationToken", workflow.authorizationToken);
    if (workflow.request.web?.locale) href.searchParams.set("locale", workflow.request.web.locale);
    return href.href;
  }

  /** The link part of the status answer and of the callback. */
  const links = (workflow: MockWorkflow) => ({
    workflowExecution: {
      id: workflow.id,
      href: workflowHref(workflow),
      definitionKey: definitionKey(workflow),
      status: workflow.status,
    },
    account: { id: workflow.accountId, href: accountHref(workflow) },
  });

  return {
    webHref,
    token: (accessToken: string, expiresIn: number): TokenResponse => ({
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: "Bearer",
    }),
    account(workflow: MockWorkflow): AccountResponse {
      const { web } = workflow.request;
      return {
        timestamp: timestamp(),
        account: { id: workflow.accountId },
        web: {
          href: webHref(workflow),
          ...(web?.successUrl ? { successUrl: web.successUrl } : {}),
          ...(web?.errorUrl ? { errorUrl: web.errorUrl } : {}),
        },
        sdk: { token: workflow.authorizationToken },
        workflowExecution: {
          id: workflow.id,
          credentials: workflow.credentials.map((credential) => ({
            id: credential.id,
            category: credential.category,
            ...(credential.definition?.country ? { country: credential.definition.country } : {}),
            ...(credential.definition?.type ? { type: credential.definition.type } : {}),
            allowedChannels: [...credential.allowedChannels],
            ...(credential.allowedChannels.includes("API") ? { api: apiActions(workflow, credential) } : {}),
          })),
        },
      };
    },
    status: (workflow: MockWorkflow): WorkflowStatus => links(workflow),
    details(workflow: MockWorkflow): WorkflowDetails {
      const { request, results } = workflow;
      const time = (name: "startedAt" | "completedAt", value: number | undefined) =>
        value === undefined ? {} : { [name]: new Date(value).toISOString() };
      return {
        workflow: {
          id: workflow.id,
          status: workflow.status,
          definitionKey: definitionKey(workflow),
          ...(request.userReference ? { userReference: request.userReference } : {}),
          customerInternalReference: request.customerInternalReference,
        },
        account: { id: workflow.accountId },
        createdAt: new Date(workflow.createdAt).toISOString(),
        ...time("startedAt", workflow.startedAt),
        ...time("completedAt", workflow.completedAt),
        credentials: workflow.credentials
          .filter((credential) => credential.parts.size > 0)
          .map((credential) => ({
            id: credential.id,
            category: credential.category,
            parts: [...credential.parts.keys()].map((classifier) => ({
              classifier,
              href: partHref(workflow, credential, classifier),
            })),
          })),
        ...(results ? { decision: results.decision } : {}),
        steps: { href: `${workflowHref(workflow)}/steps` },
        ...(results ? { capabilities: results.capabilities } : {}),
      };
    },
    steps: (workflow: MockWorkflow): WorkflowSteps => ({ steps: workflow.results?.steps ?? [] }),
    callback: (workflow: MockWorkflow): JumioCallback => ({
      callbackSentAt: timestamp(),
      ...(workflow.request.userReference ? { userReference: workflow.request.userReference } : {}),
      ...links(workflow),
    }),
    upload: (workflow: MockWorkflow, credential: MockCredential): UploadPartResponse => ({
      timestamp: timestamp(),
      ...ids(workflow),
      api: apiActions(workflow, credential),
    }),
    finalize: (workflow: MockWorkflow): FinalizeWorkflowResponse => ({ timestamp: timestamp(), ...ids(workflow) }),
  };
}

export type Wire = ReturnType<typeof createWire>;
