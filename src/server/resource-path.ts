import { z } from "zod";
import { jumioIdSchema, partClassifierSchema } from "./schemas/identifiers.js";
import { validate } from "./validate.js";

const SEGMENTS = {
  accountId: "accounts",
  workflowExecutionId: "workflow-executions",
  credentialId: "credentials",
  classifier: "parts",
} as const;

const resourceIdsSchema = z.strictObject({
  accountId: jumioIdSchema,
  workflowExecutionId: jumioIdSchema,
  credentialId: jumioIdSchema,
  classifier: partClassifierSchema,
});
export type ResourceIds = z.infer<typeof resourceIdsSchema>;
type ResourceKey = keyof ResourceIds;

/**
 * `/api/v1/accounts/{accountId}[/workflow-executions/{id}][/credentials/{id}][/parts/{classifier}]`
 * with the keys present in `ids`, each validated (a key present as `undefined` is an issue):
 * ids are `[\w-]+` and classifiers an enum, so no segment needs encoding.
 */
export function resourcePath(ids: Partial<ResourceIds>): string {
  const present = Object.fromEntries(Object.keys(ids).map((key) => [key, true])) as Partial<Record<ResourceKey, true>>;
  const valid: Partial<ResourceIds> = validate(resourceIdsSchema.pick(present), ids, "Invalid Jumio ids");
  const segments = (Object.keys(SEGMENTS) as ResourceKey[]).flatMap((key) => {
    const id = valid[key];
    return id === undefined ? [] : [SEGMENTS[key], id];
  });
  return ["/api/v1", ...segments].join("/");
}
