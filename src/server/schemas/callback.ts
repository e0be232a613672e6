import { z } from "zod";
import { accountLinkSchema, workflowExecutionLinkSchema } from "./links.js";
import { openEnum } from "./open-enum.js";

/** The body of the callback POST Jumio sends to `callbackUrl`. */
export const callbackSchema = z.looseObject({
  callbackSentAt: z.string(),
  userReference: z.string().optional(),
  workflowExecution: workflowExecutionLinkSchema(openEnum(["PROCESSED", "SESSION_EXPIRED", "TOKEN_EXPIRED"])),
  account: accountLinkSchema,
});
export type JumioCallback = z.infer<typeof callbackSchema>;
