import { z } from "zod";

/** Account, workflow and credential ids: UUIDs in Jumio's answers; anything else never reaches a URL path. */
export const jumioIdSchema = z
  .string()
  .regex(/^[\w-]+$/, "must be a Jumio id (letters, digits, - or _)");

export const PART_CLASSIFIERS = ["FRONT", "BACK", "FACE", "FACEMAP"] as const;
export const partClassifierSchema = z.enum(PART_CLASSIFIERS);
export type PartClassifier = z.infer<typeof partClassifierSchema>;

export const CREDENTIAL_CATEGORIES = ["ID", "FACEMAP", "DOCUMENT", "SELFIE"] as const;
