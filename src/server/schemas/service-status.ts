import { z } from "zod";
import { openEnum } from "./open-enum.js";

const serviceStateSchema = openEnum(["UP", "DEGRADED", "DOWN"]);

/** The answer of the status endpoint. */
export const serviceStatusSchema = z.looseObject({
  status: serviceStateSchema,
  details: z
    .looseObject({
      api: serviceStateSchema.optional(),
      callback: serviceStateSchema.optional(),
      mobile: serviceStateSchema.optional(),
      processing: serviceStateSchema.optional(),
      retrieval: serviceStateSchema.optional(),
      web: serviceStateSchema.optional(),
    })
    .optional(),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
