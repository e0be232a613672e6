import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type accountRequestSchema, DEFAULT_TOKEN_LIFETIME, lifetimeSeconds } from "../server/schemas/account.js";
import type { CREDENTIAL_CATEGORIES, PartClassifier } from "../server/schemas/identifiers.js";
import type { WORKFLOW_STATUSES } from "../server/schemas/retrieval.js";
import type { DocumentType, WorkflowResults } from "./sample-results.js";

export type AccountRequestBody = z.output<typeof accountRequestSchema>;
export type CredentialDefinition = NonNullable<AccountRequestBody["workflowDefinition"]["credentials"]>[number];
export type CredentialCategory = (typeof CREDENTIAL_CATEGORIES)[number];
export type WorkflowState = (typeof WORKFLOW_STATUSES)[number];
export type Channel = "WEB" | "API" | "SDK";

export interface StoredPart {
  bytes: Uint8Array;
  contentType: string;
  /** Sent through the API channel, rather than a sample the simulated web client "captured". */
  uploaded: boolean;
}

export interface MockCredential {
  id: string;
  category: CredentialCategory;
  allowedChannels: readonly Channel[];
  /** The parts it takes, as the API channel's path spells them. */
  classifiers: readonly PartClassifier[];
  /** The request's `country` / `type` filters for this category, echoed in the answer. */
  definition?: CredentialDefinition | undefined;
  parts: Map<PartClassifier, StoredPart>;
}

export interface MockWorkflow {
  id: string;
  accountId: string;
  request: AccountRequestBody;
  /** The token of `web.href`, `sdk.token` and `api.token`. */
  authorizationToken: string;
  status: WorkflowState;
  createdAt: number;
  tokenExpiresAt: number;
  /** The user journey began: the web client was opened or a part uploaded. */
  startedAt?: number;
  lastActivityAt?: number;
  /** The capture was taken (Complete verification, finalize): when, and the ID type it shows. */
  acquired?: { at: number; documentType: DocumentType };
  /** When it became PROCESSED. */
  completedAt?: number;
  credentials: MockCredential[];
  results?: WorkflowResults;
}

export interface MockAccount {
  id: string;
  createdAt: number;
  workflows: MockWorkflow[];
}

/** Per category: the channels and parts of the guide's Account Create answer. */
const CREDENTIAL_PROFILES: Record<CredentialCategory, Pick<MockCredential, "allowedChannels" | "classifiers">> = {
  ID: { allowedChannels: ["WEB", "API", "SDK"], classifiers: ["FRONT", "BACK"] },
  SELFIE: { allowedChannels: ["WEB", "API", "SDK"], classifiers: ["FACE"] },
  FACEMAP: { allowedChannels: ["WEB", "SDK"], classifiers: ["FACEMAP"] },
  DOCUMENT: { allowedChannels: ["WEB", "API"], classifiers: ["FRONT"] },
};

/** What the guide's example workflow (key 10013) acquires when the request customises only the ID. */
const DEFAULT_CATEGORIES: readonly CredentialCategory[] = ["ID", "SELFIE", "FACEMAP"];

/** `tokenLifetime` (already validated by the account schema) in ms. */
function tokenLifetimeMs(lifetime: string = DEFAULT_TOKEN_LIFETIME): number {
  return lifetimeSeconds(lifetime) * 1000;
}

function credentialsFor(request: AccountRequestBody): MockCredential[] {
  const definitions = request.workflowDefinition.credentials ?? [];
  const categories = [...new Set([...DEFAULT_CATEGORIES, ...definitions.map(({ category }) => category)])];
  return categories.map((category) => ({
    id: randomUUID(),
    category,
    ...CREDENTIAL_PROFILES[category],
    definition: definitions.find((definition) => definition.category === category),
    parts: new Map(),
  }));
}

export interface Store {
  /** A new workflow on a new account, or on `accountId` (`undefined` when that account is unknown). */
  createWorkflow(request: AccountRequestBody, accountId?: string): MockWorkflow | undefined;
  accounts(): MockAccount[];
  account(accountId: string): MockAccount | undefined;
  workflows(): MockWorkflow[];
  workflow(accountId: string, workflowExecutionId: string): MockWorkflow | undefined;
  byId(workflowExecutionId: string): MockWorkflow | undefined;
  byToken(authorizationToken: string): MockWorkflow | undefined;
  deleteAccount(accountId: string): boolean;
  deleteWorkflow(accountId: string, workflowExecutionId: string): boolean;
  clear(): void;
}

export function createStore(now: () => number, mintToken: (claims: Record<string, unknown>) => string): Store {
  const accounts = new Map<string, MockAccount>();
  const all = () => [...accounts.values()].flatMap((account) => account.workflows);

  return {
    createWorkflow(request, accountId) {
      const account =
        accountId === undefined ? { id: randomUUID(), createdAt: now(), workflows: [] } : accounts.get(accountId);
      if (!account) return undefined;
      accounts.set(account.id, account);
      const id = randomUUID();
      const createdAt = now();
      const tokenExpiresAt = createdAt + tokenLifetimeMs(request.tokenLifetime);
      const workflow: MockWorkflow = {
        id,
        accountId: account.id,
        request,
        authorizationToken: mintToken({ sub: id, acc: account.id, exp: Math.floor(tokenExpiresAt / 1000) }),
        status: "INITIATED",
        createdAt,
        tokenExpiresAt,
        credentials: credentialsFor(request),
      };
      account.workflows.push(workflow);
      return workflow;
    },
    accounts: () => [...accounts.values()],
    account: (accountId) => accounts.get(accountId),
    workflows: all,
    workflow: (accountId, workflowExecutionId) =>
      accounts.get(accountId)?.workflows.find((workflow) => workflow.id === workflowExecutionId),
    byId: (workflowExecutionId) => all().find(({ id }) => id === workflowExecutionId),
    byToken: (token) => all().find(({ authorizationToken }) => authorizationToken === token),
    deleteAccount: (accountId) => accounts.delete(accountId),
    deleteWorkflow(accountId, workflowExecutionId) {
      const account = accounts.get(accountId);
      const index = account?.workflows.findIndex((workflow) => workflow.id === workflowExecutionId) ?? -1;
      if (!account || index < 0) return false;
      account.workflows.splice(index, 1);
      return true;
    },
    clear: () => accounts.clear(),
  };
}
