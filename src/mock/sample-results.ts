import { randomUUID } from "node:crypto";
import type { Capabilities, WorkflowDetails, WorkflowSteps } from "../server/schemas/index.js";
import type { CredentialCategory, MockCredential, MockWorkflow } from "./store.js";

/** What processing a workflow produced: served by Workflow Details and Steps. */
export interface WorkflowResults {
  documentType: DocumentType;
  decision: NonNullable<WorkflowDetails["decision"]>;
  capabilities: Capabilities;
  steps: WorkflowSteps["steps"];
}

export const DOCUMENT_TYPES = ["PASSPORT", "ID_CARD", "DRIVING_LICENSE", "VISA"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

type Decision = { type: "PASSED" | "NOT_EXECUTED"; details: { label: string } };
type Result = { id: string; credentials: { id: string; category: CredentialCategory }[]; decision: Decision };

const PASSED_OK: Decision = { type: "PASSED", details: { label: "OK" } };
const NOT_UPLOADED: Decision = { type: "NOT_EXECUTED", details: { label: "NOT_UPLOADED" } };
const PRECONDITION: Decision = { type: "NOT_EXECUTED", details: { label: "PRECONDITION_NOT_FULFILLED" } };

const SUB_TYPES: Record<DocumentType, string | undefined> = {
  PASSPORT: undefined,
  ID_CARD: "NATIONAL_ID",
  DRIVING_LICENSE: "REGULAR_DRIVING_LICENSE",
  VISA: undefined,
};

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

function dateParts(date: string) {
  const [year = "", month = "", day = ""] = date.split("-");
  return { year, month, day };
}

/** The guide's sample holder (JANE DOE, born 1990-01-01) on a document issued four years ago, valid six more. */
function sampleExtraction(documentType: DocumentType, country: string, now: number) {
  const year = 365.25 * 86_400_000;
  const dateOfBirth = "1990-01-01";
  const expiryDate = isoDate(now + 6 * year);
  const issuingDate = isoDate(now - 4 * year);
  const subType = SUB_TYPES[documentType];
  return {
    type: documentType,
    ...(subType ? { subType } : {}),
    issuingCountry: country,
    firstName: "JANE",
    lastName: "DOE",
    dateOfBirth,
    dateOfBirthParts: dateParts(dateOfBirth),
    expiryDate,
    expiryDateParts: dateParts(expiryDate),
    issuingDate,
    issuingDateParts: dateParts(issuingDate),
    documentNumber: documentType === "PASSPORT" ? "P1234567" : "X12345678",
    gender: "F",
    nationality: country,
    currentAge: Math.floor((now - Date.parse(dateOfBirth)) / year),
    ...(documentType === "PASSPORT"
      ? { personalNumber: "<<<<<<<<<<<<<<" }
      : {
          address: {
            line1: "1 SAMPLE STREET",
            city: "SAMPLETOWN",
            postalCode: "1010",
            country,
            formattedAddress: `1 SAMPLE STREET, 1010 SAMPLETOWN, ${country}`,
          },
        }),
    ...(documentType === "DRIVING_LICENSE" ? { dlCategories: ["B"] } : {}),
  };
}

function ageRange(age: number): string {
  const low = Math.max(18, Math.floor((age - 5) / 10) * 10 + 5);
  return `${low}-${low + 9}`;
}

const ref = ({ id, category }: MockCredential) => ({ id, category });

/**
 * Processes a workflow the way the guide chains capabilities: usability per captured
 * credential, then imageChecks, extraction and dataChecks on the ID, liveness on the
 * facemap and similarity between selfie and ID. A credential with no part is
 * `NOT_UPLOADED` and what depends on it `PRECONDITION_NOT_FULFILLED`.
 */
export function processWorkflow(workflow: MockWorkflow, documentType: DocumentType, now: number): WorkflowResults {
  const credential = (category: CredentialCategory) => workflow.credentials.find((item) => item.category === category);
  const id = credential("ID");
  const face = credential("SELFIE") ?? credential("FACEMAP");
  const facemap = credential("FACEMAP");
  const captured = (item: MockCredential | undefined) => item !== undefined && item.parts.size > 0;
  const result = (credentials: MockCredential[], passed: boolean, extra: object = {}): Result => ({
    id: randomUUID(),
    credentials: credentials.map(ref),
    decision: passed ? PASSED_OK : PRECONDITION,
    ...extra,
  });

  /** The guide labels a passed similarity MATCH, not OK. */
  const similarity = (document: MockCredential, selfie: MockCredential, passed: boolean): Result => {
    const match = { decision: { type: "PASSED", details: { label: "MATCH" } }, data: { similarity: "MATCH" } };
    return result([document, selfie], passed, passed ? match : {});
  };
  const usability = workflow.credentials.map((item) => ({
    ...result([item], true),
    decision: captured(item) ? PASSED_OK : NOT_UPLOADED,
  }));
  const idUsable = captured(id);
  const onId = (passed: boolean, extra?: object) => (id ? [result([id], passed, extra)] : []);
  const country = id?.definition?.country?.values[0] ?? "AUT";
  const capabilities = {
    usability,
    imageChecks: onId(idUsable),
    extraction: onId(idUsable, idUsable ? { data: sampleExtraction(documentType, country, now) } : {}),
    dataChecks: onId(idUsable),
    ...(facemap
      ? {
          liveness: [
            result([facemap], captured(facemap), {
              data: { type: "IPROOV_STANDARD", predictedAge: 34, ageConfidenceRange: ageRange(34) },
            }),
          ],
        }
      : {}),
    ...(id && face ? { similarity: [similarity(id, face, idUsable && captured(face))] } : {}),
    ...(workflow.request.workflowDefinition.capabilities?.watchlistScreening && id
      ? {
          watchlistScreening: [
            result([id], idUsable, {
              data: {
                searchDate: new Date(now).toISOString(),
                searchStatus: "DONE",
                searchId: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
                searchReference: `${Math.floor(now / 1000)}-mock`,
                searchResults: 0,
              },
            }),
          ],
        }
      : {}),
  } satisfies Capabilities;

  const identity: Result[] = [
    ...capabilities.usability,
    ...capabilities.imageChecks,
    ...capabilities.extraction,
    ...capabilities.dataChecks,
    ...(capabilities.liveness ?? []),
    ...(capabilities.similarity ?? []),
  ];
  const screening: Result[] = capabilities.watchlistScreening ?? [];
  const passed = [...identity, ...screening].every(({ decision }) => decision.type === "PASSED");
  const decision = passed
    ? { type: "PASSED", details: { label: "PASSED" }, risk: { score: 4.25 } }
    : { type: "NOT_EXECUTED", details: { label: "NOT_EXECUTED" } };
  const step = (name: string, results: Result[]) => {
    const ok = results.every(({ decision: { type } }) => type === "PASSED");
    const label = ok ? "PASSED" : "NOT_EXECUTED";
    return {
      id: randomUUID(),
      name,
      capabilityIds: results.map((item) => item.id),
      decision: { type: label, details: { label } },
    };
  };
  return {
    documentType,
    decision,
    capabilities,
    steps: [step("ID_IV", identity), ...(screening.length > 0 ? [step("SCREENING", screening)] : [])],
  };
}
