import { z } from "zod";

/** The OAuth2 token endpoint's answer. */
export const tokenResponseSchema = z.looseObject({
  /** Sent back as `Authorization: Bearer …`: visible ASCII only, or no request could carry it. */
  access_token: z.string().regex(/^[\x21-\x7e]+$/, "must be a non-empty token of visible ASCII characters"),
  expires_in: z.number().positive(),
  token_type: z.string().regex(/^bearer$/i, "must be Bearer"),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
