import { z } from "zod";

/** The OAuth2 token endpoint's answer. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().regex(/^bearer$/i, "must be Bearer"),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
