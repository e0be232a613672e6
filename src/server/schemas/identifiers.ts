import { z } from "zod";

/** Account, workflow and credential ids: UUIDs in Jumio's answers; anything else never reaches a URL path. */
export const jumioIdSchema = z.string().regex(/^[\w-]+$/, "must be a Jumio id (letters, digits, - or _)");

/** Jumio's account and workflow ids as the guide describes them ("UUID of the workflow"): 8-4-4-4-12 hex digits, any case. */
export const jumioUuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID (8-4-4-4-12 hex digits)");

export const PART_CLASSIFIERS = ["FRONT", "BACK", "FACE", "FACEMAP"] as const;
export const partClassifierSchema = z.enum(PART_CLASSIFIERS);
export type PartClassifier = z.infer<typeof partClassifierSchema>;

export const CREDENTIAL_CATEGORIES = ["ID", "FACEMAP", "DOCUMENT", "SELFIE"] as const;
