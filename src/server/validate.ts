import type { z } from "zod";
import { type JumioIssue, JumioValidationError } from "./errors.js";

export function toIssues(error: z.ZodError): JumioIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** The parsed value, or a `JumioValidationError` naming every offending path. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new JumioValidationError(what, toIssues(result.error));
  return result.data;
}
