import { z } from "zod";
import { jumioUuidSchema } from "./identifiers.js";
import { accountLinkSchema, workflowExecutionLinkSchema } from "./links.js";
import type { WORKFLOW_STATUSES } from "./retrieval.js";

/** The guide's values of the callback's `workflowExecution.status`. */
export const CALLBACK_STATUSES = ["PROCESSED", "SESSION_EXPIRED", "TOKEN_EXPIRED"] as const;

/** The guide's `YYYY-MM-DDThh:mm:ss.SSSZ`, also without milliseconds: a real UTC date and time. */
const timestampSchema = z.union([z.iso.datetime({ precision: 3 }), z.iso.datetime({ precision: 0 })], {
  error: "must be a UTC timestamp YYYY-MM-DDThh:mm:ss.SSSZ",
});

const hrefSchema = z.string().max(2048);

/** Checked as exactly the guide's values; typed as any workflow status while the mock builds callbacks from those. */
const statusSchema: z.ZodType<(typeof WORKFLOW_STATUSES)[number], string> = z.enum(CALLBACK_STATUSES);

/**
 * The body of the callback POST Jumio sends to `callbackUrl`. It comes from the internet:
 * ids must be UUIDs, the status one of the guide's, strings of a bounded length.
 */
export const callbackSchema = z.looseObject({
  callbackSentAt: timestampSchema,
  userReference: z.string().max(100).optional(),
  workflowExecution: workflowExecutionLinkSchema(statusSchema).extend({
    id: jumioUuidSchema,
    href: hrefSchema.optional(),
    definitionKey: z.string().max(100).optional(),
  }),
  account: accountLinkSchema.extend({ id: jumioUuidSchema, href: hrefSchema.optional() }),
});
export type JumioCallback = z.infer<typeof callbackSchema>;
