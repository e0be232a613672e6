import { z } from "zod";
import { openEnum } from "./open-enum.js";

const DECISION_TYPES = ["NOT_EXECUTED", "PASSED", "REJECTED", "WARNING"] as const;

/** `decision` of a capability, with the labels the guide lists for it. */
export function decisionSchema<const Labels extends readonly string[]>(labels: Labels) {
  return z.looseObject({
    type: openEnum(DECISION_TYPES),
    details: z.looseObject({ label: openEnum(labels) }).optional(),
  });
}

/** `decision` of a whole workflow and of a workflow step. */
export const workflowDecisionSchema = decisionSchema([...DECISION_TYPES, "TECHNICAL_ERROR"]).extend({
  risk: z.looseObject({ score: z.number() }).optional(),
});
