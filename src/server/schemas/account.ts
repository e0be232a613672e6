import { z } from "zod";
import { countryCodeSchema } from "./country.js";
import { accountRefSchema, workflowExecutionWithCredentialsSchema } from "./credential.js";
import { CREDENTIAL_CATEGORIES, jumioIdSchema } from "./identifiers.js";
import { httpUrlSchema } from "./url.js";

/** `web.locale` values of the guide's "supported locale values" table. */
export const WEB_LOCALES = [
  "ar",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "en-GB",
  "es",
  "es-MX",
  "et",
  "fi",
  "fr",
  "he",
  "hr",
  "hu",
  "hy",
  "id",
  "it",
  "ja",
  "ka",
  "km",
  "ko",
  "lt",
  "ms",
  "nl",
  "no",
  "pl",
  "pt",
  "pt-BR",
  "ro",
  "ru",
  "sk",
  "sv",
  "th",
  "tr",
  "vi",
  "zh-CN",
  "zh-HK",
] as const;

const CREDENTIAL_TYPES: Partial<Record<(typeof CREDENTIAL_CATEGORIES)[number], readonly string[]>> = {
  ID: ["ID_CARD", "DRIVING_LICENSE", "PASSPORT", "VISA"],
  FACEMAP: ["IPROOV_STANDARD", "IPROOV_PREMIUM", "JUMIO_STANDARD"],
};

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const TOKEN_LIFETIME_SECONDS = { min: 5 * 60, max: 60 * 86_400 };

/** The guide: "The token lifetime is set to 30 minutes per default." */
export const DEFAULT_TOKEN_LIFETIME = "30m";

/** A `tokenLifetime` already checked by the schema (`30m`, `600s`, `1d`) in seconds. */
export function lifetimeSeconds(value: string): number {
  const unit = value.slice(-1) as keyof typeof SECONDS_PER_UNIT;
  return Number(value.slice(0, -1)) * SECONDS_PER_UNIT[unit];
}

const tokenLifetimeSchema = z
  .string()
  .regex(/^\d+[smhd]$/, { error: "must be a number and a unit s, m, h or d, e.g. 30m", abort: true })
  .refine((value) => {
    const seconds = lifetimeSeconds(value);
    return seconds >= TOKEN_LIFETIME_SECONDS.min && seconds <= TOKEN_LIFETIME_SECONDS.max;
  }, "must be between 5m and 60d");

const predefinedTypeSchema = z.enum(["DEFINED", "RECOMMENDED"]);

const credentialDefinitionSchema = z
  .strictObject({
    category: z.enum(CREDENTIAL_CATEGORIES),
    country: z
      .strictObject({
        predefinedType: predefinedTypeSchema.optional(),
        values: z.array(countryCodeSchema).min(1),
      })
      .optional(),
    type: z
      .strictObject({
        predefinedType: predefinedTypeSchema.optional(),
        values: z.array(z.string().min(1)).min(1),
      })
      .optional(),
  })
  .superRefine(({ category, type }, context) => {
    const allowed = CREDENTIAL_TYPES[category];
    type?.values.forEach((value, index) => {
      if (allowed && !allowed.includes(value)) {
        context.addIssue({
          code: "custom",
          path: ["type", "values", index],
          message: `must be one of ${allowed.join(", ")} for category ${category}`,
        });
      }
    });
  });

/** USA, CAN and AUS take the state's code without country and hyphen (IL, NSW). */
const COUNTRIES_WITH_STATE_CODES: ReadonlySet<string> = new Set(["USA", "CAN", "AUS"]);

/** The guide's footnote to `userConsent`, `userIp`, `userLocation` and `userLocation.country`. */
const CONSENT_FOOTNOTE = "Mandatory for End-User Consent even if the user is not based in USA";

/** Within `userConsent`, a missing value is named as such; anything else gets `message` or zod's own. */
const requiredWithConsent = (message?: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `is required with userConsent (the guide: "${CONSENT_FOOTNOTE}")` : message;

const userLocationSchema = z
  .strictObject(
    {
      country: countryCodeSchema,
      state: z.string().min(1).max(100).optional(),
    },
    { error: requiredWithConsent() },
  )
  .refine(
    ({ country, state }) =>
      state === undefined || !COUNTRIES_WITH_STATE_CODES.has(country) || /^[A-Z]{2,3}$/.test(state),
    { path: ["state"], message: "must be the state's code (e.g. IL, NSW) for USA, CAN and AUS" },
  );

const consentSchema = z
  .strictObject({
    obtained: z.enum(["yes", "no", "na"]),
    obtainedAt: z.iso.datetime({ precision: 3, error: "must be a UTC timestamp YYYY-MM-DDThh:mm:ss.SSSZ" }).optional(),
  })
  .refine(({ obtained, obtainedAt }) => obtained !== "yes" || obtainedAt !== undefined, {
    path: ["obtainedAt"],
    message: "is required when consent.obtained is yes",
  });

const userConsentSchema = z
  .strictObject({
    userIp: z.union([z.ipv4(), z.ipv6()], { error: requiredWithConsent("must be an IPv4 or IPv6 address") }),
    userLocation: userLocationSchema,
    consent: consentSchema.optional(),
  })
  .refine(({ userLocation, consent }) => userLocation.country !== "USA" || consent !== undefined, {
    path: ["consent"],
    message: "is required when userLocation.country is USA",
  });

/** The guide's limit of Account Create's `userReference`. */
export const MAX_USER_REFERENCE_LENGTH = 100;

/** The body of Account Create (`POST`) and Account Update (`PUT`). */
export const accountRequestSchema = z.strictObject({
  customerInternalReference: z.string().min(1).max(100),
  workflowDefinition: z.strictObject({
    key: z.number().int().positive(),
    credentials: z.array(credentialDefinitionSchema).optional(),
    capabilities: z
      .strictObject({
        watchlistScreening: z.strictObject({ additionalProperties: z.string() }).optional(),
      })
      .optional(),
  }),
  userReference: z.string().max(MAX_USER_REFERENCE_LENGTH).optional(),
  reportingCriteria: z.string().max(255).optional(),
  callbackUrl: httpUrlSchema.max(255).optional(),
  tokenLifetime: tokenLifetimeSchema.optional(),
  web: z
    .strictObject({
      successUrl: httpUrlSchema.max(255).optional(),
      errorUrl: httpUrlSchema.max(255).optional(),
      locale: z.enum(WEB_LOCALES).optional(),
    })
    .optional(),
  userConsent: userConsentSchema.optional(),
});
export type AccountRequest = z.input<typeof accountRequestSchema>;

/** The answer of Account Create and Account Update. */
export const accountResponseSchema = z.looseObject({
  timestamp: z.string().optional(),
  account: accountRefSchema,
  web: z
    .looseObject({
      href: z.string(),
      successUrl: z.string().optional(),
      errorUrl: z.string().optional(),
    })
    .optional(),
  sdk: z.looseObject({ token: z.string() }).optional(),
  workflowExecution: workflowExecutionWithCredentialsSchema,
});
export type AccountResponse = z.infer<typeof accountResponseSchema>;

const madeAccountSchema = z.looseObject({ account: z.looseObject({ id: jumioIdSchema }) });

/** The account an Account answer unlike `accountResponseSchema` names: Jumio made it all the same. */
export function madeAccountId(body: unknown): string | undefined {
  return madeAccountSchema.safeParse(body).data?.account.id;
}
