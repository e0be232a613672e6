import { z } from "zod";
import { CREDENTIAL_CATEGORIES } from "./identifiers.js";
import { openEnum } from "./open-enum.js";

const credentialFilterSchema = z.looseObject({
  predefinedType: openEnum(["DEFINED", "RECOMMENDED"]).optional(),
  values: z.array(z.string()).optional(),
});

/** `api` of a credential and of an upload answer: the API channel's token and URLs. */
export const apiActionsSchema = z.looseObject({
  token: z.string().optional(),
  /** Keyed by classifier; Jumio's examples use lower case (`front`, `back`, `face`). */
  parts: z.record(z.string(), z.string()).optional(),
  workflowExecution: z.string().optional(),
});

/** An entry of `workflowExecution.credentials` in the Account and upload answers. */
const workflowCredentialSchema = z.looseObject({
  id: z.string(),
  category: openEnum(CREDENTIAL_CATEGORIES),
  country: credentialFilterSchema.optional(),
  type: credentialFilterSchema.optional(),
  allowedChannels: z.array(openEnum(["WEB", "API", "SDK"])).optional(),
  api: apiActionsSchema.optional(),
});

export const accountRefSchema = z.looseObject({ id: z.string() });

/** `workflowExecution` of the Account and upload answers. */
export const workflowExecutionWithCredentialsSchema = z.looseObject({
  id: z.string(),
  credentials: z.array(workflowCredentialSchema).optional(),
});
