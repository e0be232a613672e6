import { z } from "zod";
import { capabilitiesSchema } from "./capabilities.js";
import { workflowDecisionSchema } from "./decision.js";
import { CREDENTIAL_CATEGORIES, PART_CLASSIFIERS } from "./identifiers.js";
import { accountLinkSchema, workflowExecutionLinkSchema } from "./links.js";
import { openEnum } from "./open-enum.js";
import { oneOrMany } from "./shape.js";

export const WORKFLOW_STATUSES = ["INITIATED", "ACQUIRED", "PROCESSED", "SESSION_EXPIRED", "TOKEN_EXPIRED"] as const;
const workflowStatusValueSchema = openEnum(WORKFLOW_STATUSES);

/** The answer of Retrieval's `…/status`. */
export const workflowStatusSchema = z.looseObject({
  account: accountLinkSchema,
  workflowExecution: workflowExecutionLinkSchema(workflowStatusValueSchema),
});
export type WorkflowStatus = z.infer<typeof workflowStatusSchema>;

const retrievedCredentialSchema = z.looseObject({
  id: z.string(),
  category: openEnum(CREDENTIAL_CATEGORIES).optional(),
  parts: oneOrMany(z.looseObject({ classifier: openEnum(PART_CLASSIFIERS), href: z.string().optional() })).optional(),
});

/** The answer of Retrieval's workflow details. */
export const workflowDetailsSchema = z.looseObject({
  createdAt: z.string().optional(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  account: z.looseObject({ id: z.string() }),
  workflow: z.looseObject({
    id: z.string(),
    status: workflowStatusValueSchema,
    definitionKey: z.string().optional(),
    userReference: z.string().optional(),
    customerInternalReference: z.string().optional(),
  }),
  decision: workflowDecisionSchema.optional(),
  steps: z.looseObject({ href: z.string() }).optional(),
  credentials: z.array(retrievedCredentialSchema).optional(),
  capabilities: capabilitiesSchema.optional(),
});
export type WorkflowDetails = z.infer<typeof workflowDetailsSchema>;

/** The answer of Retrieval's `…/steps`. */
export const workflowStepsSchema = z.looseObject({
  steps: z.array(
    z.looseObject({
      id: z.string(),
      name: openEnum(["ADDRESS_VERIFICATION", "DL_VERIFICATION", "ID_IV", "SCREENING"]),
      capabilityIds: z.array(z.string()).optional(),
      decision: workflowDecisionSchema.optional(),
    }),
  ),
});
export type WorkflowSteps = z.infer<typeof workflowStepsSchema>;
