import { z } from "zod";
import { validate } from "../server/validate.js";
import { failure, json } from "./answers.js";

export const failureRuleSchema = z.strictObject({
  /** A path of the mock (`/api/v1/accounts`); a trailing `*` makes it a prefix (`/api/v1/accounts/*`). */
  path: z.string().startsWith("/", "must start with / (a trailing * matches every path with that prefix)"),
  /** The status to answer with. */
  status: z.number().int().min(200).max(599),
  /** How many calls in a row to answer so. Default 1. */
  times: z.number().int().positive().default(1),
  /** Only calls with this method. Default: any. */
  method: z.enum(["GET", "POST", "PUT", "DELETE"]).optional(),
  /** The JSON body to answer. Default: an error body naming the injected status. */
  body: z.unknown().optional(),
  /** Seconds for a `Retry-After` header. */
  retryAfter: z.number().int().min(0).optional(),
});

/** Makes the next `times` calls to `path` answer `status` (and `body`) instead of what the mock would. */
export type FailureRule = z.input<typeof failureRuleSchema>;
type ActiveRule = z.output<typeof failureRuleSchema>;

export interface Faults {
  add(rule: FailureRule): void;
  /** The injected answer for this call, consuming one of the rule's `times`; `undefined` when none applies. */
  take(method: string, pathname: string): Response | undefined;
  clear(): void;
}

const matches = (pattern: string, pathname: string) =>
  pattern.endsWith("*") ? pathname.startsWith(pattern.slice(0, -1)) : pathname === pattern;

export function createFaults(now: () => number): Faults {
  let rules: ActiveRule[] = [];
  return {
    add(rule) {
      rules.push(validate(failureRuleSchema, rule, "Invalid failure rule"));
    },
    take(method, pathname) {
      const rule = rules.find((item) => (item.method ?? method) === method && matches(item.path, pathname));
      if (!rule) return undefined;
      rule.times -= 1;
      if (rule.times === 0) rules = rules.filter((item) => item !== rule);
      const headers: Record<string, string> =
        rule.retryAfter === undefined ? {} : { "Retry-After": String(rule.retryAfter) };
      return rule.body === undefined
        ? failure(rule.status, `Injected by the mock's control API: ${rule.status}.`, { headers, now: now() })
        : json(rule.status, rule.body, headers);
    },
    clear() {
      rules = [];
    },
  };
}
