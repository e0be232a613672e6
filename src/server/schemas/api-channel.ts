import { z } from "zod";
import { accountRefSchema, apiActionsSchema, workflowExecutionWithCredentialsSchema } from "./credential.js";

/** The answer of an API-channel part upload. */
export const uploadPartResponseSchema = z.looseObject({
  timestamp: z.string().optional(),
  account: accountRefSchema,
  workflowExecution: workflowExecutionWithCredentialsSchema,
  api: apiActionsSchema.optional(),
});
export type UploadPartResponse = z.infer<typeof uploadPartResponseSchema>;

/** The answer of the API channel's finalize call. */
export const finalizeWorkflowResponseSchema = z.looseObject({
  timestamp: z.string().optional(),
  account: accountRefSchema,
  workflowExecution: z.looseObject({ id: z.string() }),
});
export type FinalizeWorkflowResponse = z.infer<typeof finalizeWorkflowResponseSchema>;
