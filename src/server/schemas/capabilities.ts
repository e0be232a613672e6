import { z } from "zod";
import { countryCodeSchema } from "./country.js";
import { decisionSchema } from "./decision.js";
import { CREDENTIAL_CATEGORIES } from "./identifiers.js";
import { openEnum } from "./open-enum.js";
import { oneOrMany, optionalStrings } from "./shape.js";

const credentialRefSchema = z.looseObject({
  id: z.string(),
  category: openEnum([...CREDENTIAL_CATEGORIES, "DATA"]).optional(),
});

/** One capability's list of results, with the decision labels the guide lists for it. */
function capabilityResults<const Labels extends readonly string[], Shape extends z.ZodRawShape = Record<never, never>>(
  labels: Labels,
  shape?: Shape,
) {
  return z.array(
    z.looseObject({
      id: z.string(),
      credentials: oneOrMany(credentialRefSchema).optional(),
      decision: decisionSchema(labels),
      ...(shape as Shape),
    }),
  );
}

const FACEMAP_TYPES = ["IPROOV_STANDARD", "IPROOV_PREMIUM", "JUMIO_STANDARD"] as const;
const NOT_EXECUTED = ["PRECONDITION_NOT_FULFILLED", "TECHNICAL_ERROR"] as const;
const SCREENING_LABELS = ["NOT_ENOUGH_DATA", ...NOT_EXECUTED, "UNSUPPORTED_COUNTRY", "OK", "DENY", "ALERT"] as const;

const dateParts = z.looseObject(optionalStrings(["year", "month", "day"]));

const extractedAddressSchema = z.looseObject(
  optionalStrings([
    "line1",
    "line2",
    "line3",
    "line4",
    "line5",
    "country",
    "postalCode",
    "subdivision",
    "city",
    "formattedAddress",
  ]),
);

export const extractedDataSchema = z.looseObject({
  ...optionalStrings([
    "firstName",
    "lastName",
    "dateOfBirth",
    "expiryDate",
    "issuingDate",
    "documentNumber",
    "state",
    "personalNumber",
    "optionalMrzField1",
    "optionalMrzField2",
    "issuingAuthority",
    "issuingPlace",
    "curp",
    "placeOfBirth",
    "taxNumber",
    "cpf",
    "registrationNumber",
    "mothersName",
    "fathersName",
    "personalIdentificationNumber",
    "rgNumber",
    "voterIdNumber",
    "issuingNumber",
    "passportNumber",
    "durationOfStay",
    "numberOfEntries",
    "visaCategory",
    "dni",
    "pesel",
    "laborIdentificationNumber",
    "documentCopy",
    "residentPermitType",
    "residentPermitRemarks",
    "documentIdentificationNumber",
    "citizenship",
    "maritalStatus",
    "religion",
    "lastNameAtBirth",
    "remarks",
  ]),
  type: openEnum(["PASSPORT", "DRIVING_LICENSE", "ID_CARD", "VISA", "UNSUPPORTED"]).optional(),
  subType: openEnum([
    "NATIONAL_ID",
    "CONSULAR_ID",
    "ELECTORAL_ID",
    "RESIDENT_PERMIT_ID",
    "TAX_ID",
    "STUDENT_ID",
    "PASSPORT_CARD_ID",
    "MILITARY_ID",
    "PUBLIC_SAFETY_ID",
    "HEALTH_ID",
    "OTHER_ID",
    "VISA",
    "UNKOWN",
    "REGULAR_DRIVING_LICENSE",
    "LEARNING_DRIVING_LICENSE",
    "E_PASSPORT",
  ]).optional(),
  issuingCountry: openEnum(countryCodeSchema.options).optional(),
  nationality: openEnum(countryCodeSchema.options).optional(),
  gender: openEnum(["M", "F", "X"]).optional(),
  /** A string in the parameter table, an object in the example: both are accepted. */
  address: z.union([z.string(), extractedAddressSchema]).optional(),
  dlCategories: z.array(z.unknown()).optional(),
  expiryDateParts: dateParts.optional(),
  dateOfBirthParts: dateParts.optional(),
  issuingDateParts: dateParts.optional(),
  /** An integer in the table, quoted in the example ('30'). */
  currentAge: z.union([z.number(), z.string()]).optional(),
  disability: openEnum(["YES", "NO"]).optional(),
});

/** `capabilities` of Workflow Details: every capability of the guide, each a list of results. */
export const capabilitiesSchema = z.looseObject({
  usability: capabilityResults([
    "TECHNICAL_ERROR",
    "NOT_UPLOADED",
    "OK",
    "BAD_QUALITY",
    "BLURRED",
    "BAD_QUALITY_IMAGE",
    "PART_OF_DOCUMENT_MISSING",
    "PART_OF_DOCUMENT_HIDDEN",
    "DAMAGED_DOCUMENT",
    "GLARE",
    "MISSING_MANDATORY_DATAPOINTS",
    "BLACK_WHITE",
    "MISSING_PAGE",
    "MISSING_SIGNATURE",
    "NOT_A_DOCUMENT",
    "PHOTOCOPY",
    "DOCUMENT_EXPIRY_WITHIN_CONFIGURED_LIMIT",
    "LIVENESS_UNDETERMINED",
    "UNSUPPORTED_COUNTRY",
    "UNSUPPORTED_DOCUMENT_TYPE",
  ]).optional(),
  liveness: capabilityResults(
    [
      "LIVENESS_UNDETERMINED",
      "ID_USED_AS_SELFIE",
      "MULTIPLE_PEOPLE",
      "DIGITAL_COPY",
      "PHOTOCOPY",
      "MANIPULATED",
      "NO_FACE_PRESENT",
      "FACE_NOT_FULLY_VISIBLE",
      "BLACK_WHITE",
      "OK",
      "AGE_DIFFERENCE",
      "BAD_QUALITY",
      ...NOT_EXECUTED,
    ],
    {
      data: z
        .looseObject({
          type: openEnum(FACEMAP_TYPES).optional(),
          /** An integer in the table, quoted in the example ('28'). */
          predictedAge: z.union([z.number(), z.string()]).optional(),
          ageConfidenceRange: z.string().optional(),
        })
        .optional(),
      validFaceMapForAuthentication: z.string().optional(),
    },
  ).optional(),
  similarity: capabilityResults(["NO_MATCH", "MATCH", "NOT_POSSIBLE", ...NOT_EXECUTED], {
    data: z.looseObject({ similarity: openEnum(["MATCH", "NOT_MATCH", "NOT_POSSIBLE"]).optional() }).optional(),
  }).optional(),
  authentication: capabilityResults(["OK", "FAILED", ...NOT_EXECUTED], {
    data: z.looseObject({ type: openEnum(FACEMAP_TYPES).optional() }).optional(),
    validFaceMapForAuthentication: z.string().optional(),
  }).optional(),
  imageChecks: capabilityResults(
    [
      ...NOT_EXECUTED,
      "OK",
      "DIGITAL_COPY",
      "WATERMARK",
      "MANIPULATED_DOCUMENT",
      "MANIPULATED_DOCUMENT_PHOTO",
      "MANIPULATED_DOCUMENT_EXPIRY",
      "MANIPULATED_DOCUMENT_NAME",
      "MANIPULATED_DOCUMENT_ADDRESS",
      "MANIPULATED_DOCUMENT_SECURITY_CHECKS",
      "MANIPULATED_DOCUMENT_SIGNATURE",
      "MANIPULATED_DOCUMENT_PERSONAL_NUMBER",
      "MANIPULATED_DOCUMENT_PLACE_OF_BIRTH",
      "MANIPULATED_DOCUMENT_GENDER",
      "MANIPULATED_DOCUMENT_ISSUING_DATE",
      "OTHER_REJECTION",
      "GHOST_IMAGE_DIFFERENT",
      "PUNCHED",
      "SAMPLE",
      "FAKE",
      "CHIP_MISSING",
      "DIGITAL_MANIPULATION",
      "MISMATCH_FRONT_BACK",
      "DIFFERENT_PERSON",
      "REPEATED_FACE",
    ],
    {
      data: z
        .looseObject({
          faceSearchFindings: z
            .looseObject({
              status: openEnum(["DONE", "PENDING", "ERROR"]).optional(),
              findings: z.array(z.string()).optional(),
            })
            .optional(),
        })
        .optional(),
    },
  ).optional(),
  extraction: capabilityResults([...NOT_EXECUTED, "OK"], { data: extractedDataSchema.optional() }).optional(),
  dataChecks: capabilityResults([
    ...NOT_EXECUTED,
    "OK",
    "NFC_CERTIFICATE",
    "MISMATCHING_DATAPOINTS",
    "MRZ_CHECKSUM",
    "MISMATCHING_DATA_REPEATED_FACE",
    "MISMATCH_HRZ_MRZ_DATA",
  ]).optional(),
  watchlistScreening: capabilityResults(
    [
      "NOT_ENOUGH_DATA",
      "VALIDATION_FAILED",
      "INVALID_MERCHANT_SETTINGS",
      "EXTRACTION_NOT_DONE",
      "NO_VALID_ID_CREDENTIAL",
      ...NOT_EXECUTED,
      "OK",
      "ALERT",
    ],
    {
      data: z
        .looseObject({
          searchDate: z.string().optional(),
          searchStatus: openEnum(["DONE", "NOT_DONE", "ERROR"]).optional(),
          searchId: z.string().optional(),
          searchReference: z.string().optional(),
          searchResultUrl: z.string().optional(),
          searchResults: z.number().int().optional(),
        })
        .optional(),
    },
  ).optional(),
  addressValidation: capabilityResults(SCREENING_LABELS).optional(),
  proofOfResidency: capabilityResults(SCREENING_LABELS).optional(),
  drivingLicenseVerification: capabilityResults([
    ...NOT_EXECUTED,
    "UNSUPPORTED_COUNTRY",
    "UNSUPPORTED_STATE",
    "VALIDATION_FAILED",
    "OK",
    "DENY",
    "ALERT",
  ]).optional(),
  braCpfValidation: capabilityResults([
    "NOT_ENOUGH_DATA",
    "INVALID_MERCHANT_SETTINGS",
    "VALIDATION_FAILED",
    ...NOT_EXECUTED,
    "OK",
    "DENY",
    "UNSUPPORTED_COUNTRY",
  ]).optional(),
  biometricVerification: capabilityResults([
    "LOW_RISK",
    "MEDIUM_RISK",
    "HIGH_RISK",
    "PERMISSION_DENIED",
    "BAD_REQUEST",
    ...NOT_EXECUTED,
  ]).optional(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;
