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

/** The schema of each set of keys, made once: zod compiles a schema anew on its first parse. Unknown keys are not kept. */
const picked = new Map<string, z.ZodType<Partial<ResourceIds>>>();

function schemaFor(keys: string[]): z.ZodType<Partial<ResourceIds>> {
  const name = keys.join();
  const known = picked.get(name);
  if (known) return known;
  const present = Object.fromEntries(keys.map((key) => [key, true])) as Partial<Record<ResourceKey, true>>;
  const schema = resourceIdsSchema.pick(present);
  if (keys.every((key) => Object.hasOwn(SEGMENTS, key))) picked.set(name, schema);
  return schema;
}

/**
 * `/api/v1/accounts/{accountId}[/workflow-executions/{id}][/credentials/{id}][/parts/{classifier}]`
 * with the keys present in `ids`, each validated (a key present as `undefined` is an issue):
 * ids are `[\w-]+` and classifiers an enum, so no segment needs encoding.
 */
export function resourcePath(ids: Partial<ResourceIds>): string {
  const valid: Partial<ResourceIds> = validate(schemaFor(Object.keys(ids)), ids, "Invalid Jumio ids");
  const segments = (Object.keys(SEGMENTS) as ResourceKey[]).flatMap((key) => {
    const id = valid[key];
    return id === undefined ? [] : [SEGMENTS[key], id];
  });
  return ["/api/v1", ...segments].join("/");
}
