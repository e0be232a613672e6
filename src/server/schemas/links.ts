import { z } from "zod";

/** `account` of the status answer and the callback: the id and where to retrieve it. */
export const accountLinkSchema = z.looseObject({ id: z.string(), href: z.string().optional() });

/** `workflowExecution` of the status answer and the callback, with the statuses each documents. */
export function workflowExecutionLinkSchema<Status extends z.ZodType<string, string>>(status: Status) {
  return z.looseObject({
    id: z.string(),
    href: z.string().optional(),
    definitionKey: z.string().optional(),
    status,
  });
}
