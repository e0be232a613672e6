import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { JumioClient } from "../../src/server/index.js";
import { testClient } from "./support/client.js";
import { type FakeJumio, startFakeJumio } from "./support/fake-jumio.js";
import { ACCOUNT_ID, CREDENTIAL_ID, WORKFLOW_ID } from "./support/fixtures.js";

const DETAILS_PATH = `/retrieval/api/v1/accounts/${ACCOUNT_ID}/workflow-executions/${WORKFLOW_ID}`;
const SELFIE_ID = "44444444-4444-4444-4444-aaaaaaaaaaaa";
const FACEMAP_ID = "55555555-5555-5555-5555-aaaaaaaaaaaa";
const DATA_ID = "66666666-6666-6666-6666-aaaaaaaaaaaa";

const id = { id: CREDENTIAL_ID, category: "ID" };
const passed = (label = "OK") => ({ type: "PASSED", details: { label } });

/**
 * A Workflow Details answer with every capability of the guide, built from its example and
 * its parameter tables. Some capabilities carry `credentials` as the single object the
 * tables document, the others as the array the example shows.
 */
const DETAILS = {
  workflow: { id: WORKFLOW_ID, status: "PROCESSED", definitionKey: "10013", userReference: "user-7" },
  account: { id: ACCOUNT_ID },
  createdAt: "2021-03-12T15:47:17.234Z",
  startedAt: "2021-03-12T15:49:32.202Z",
  completedAt: "2021-03-12T15:49:33.421Z",
  credentials: [
    {
      id: CREDENTIAL_ID,
      category: "ID",
      parts: [{ classifier: "FRONT", href: "https://retrieval.amer-1.jumio.ai/FRONT" }],
    },
    {
      id: SELFIE_ID,
      category: "SELFIE",
      parts: [{ classifier: "FACE", href: "https://retrieval.amer-1.jumio.ai/FACE" }],
    },
  ],
  decision: { type: "WARNING", details: { label: "WARNING" }, risk: { score: 42.5 } },
  steps: { href: `https://retrieval.amer-1.jumio.ai${DETAILS_PATH.replace("/retrieval", "")}/steps` },
  capabilities: {
    usability: [
      { id: "1d111111", credentials: [id], decision: passed() },
      { id: "1f111111", credentials: [{ id: SELFIE_ID, category: "SELFIE" }], decision: passed() },
      { id: "1g111111", credentials: [{ id: FACEMAP_ID, category: "FACEMAP" }], decision: passed() },
    ],
    liveness: [
      {
        id: "1h111111",
        credentials: { id: FACEMAP_ID, category: "FACEMAP" },
        decision: { type: "WARNING", details: { label: "AGE_DIFFERENCE" } },
        data: { type: "IPROOV_STANDARD", predictedAge: 28, ageConfidenceRange: "25-34" },
        validFaceMapForAuthentication: "https://retrieval.amer-1.jumio.ai/facemap",
      },
    ],
    similarity: [
      {
        id: "1e111111",
        credentials: [id, { id: SELFIE_ID, category: "SELFIE" }],
        decision: passed("MATCH"),
        data: { similarity: "MATCH" },
      },
    ],
    authentication: [
      {
        id: "1i111111",
        credentials: { id: FACEMAP_ID, category: "FACEMAP" },
        decision: { type: "REJECTED", details: { label: "FAILED" } },
        data: { type: "IPROOV_PREMIUM" },
        validFaceMapForAuthentication: "https://retrieval.amer-1.jumio.ai/facemap",
      },
    ],
    imageChecks: [
      {
        id: "1c111111",
        credentials: [id],
        decision: { type: "WARNING", details: { label: "REPEATED_FACE" } },
        data: { faceSearchFindings: { status: "DONE", findings: ["77777777-7777-7777-7777-aaaaaaaaaaaa"] } },
      },
    ],
    extraction: [
      {
        id: "1a111111",
        credentials: [id],
        decision: passed(),
        data: {
          type: "PASSPORT",
          subType: "E_PASSPORT",
          issuingCountry: "AUT",
          firstName: "JANE",
          lastName: "DOE",
          dateOfBirth: "1990-01-01",
          expiryDate: "2033-12-01",
          issuingDate: "2023-12-01",
          documentNumber: "P1234567",
          personalNumber: "<<<<<<<<<<<<<<",
          gender: "F",
          nationality: "AUT",
          address: {
            line1: "Hauptstraße 1",
            city: "Wien",
            postalCode: "1010",
            country: "AUT",
            formattedAddress: "Hauptstraße 1, 1010 Wien",
          },
          dlCategories: [{ category: "B", issueDate: "2010-01-01" }],
          expiryDateParts: { year: "2033", month: "12", day: "01" },
          dateOfBirthParts: { year: "1990", month: "01", day: "01" },
          currentAge: "35",
        },
      },
    ],
    dataChecks: [
      { id: "1b111111", credentials: [id], decision: { type: "REJECTED", details: { label: "MRZ_CHECKSUM" } } },
    ],
    watchlistScreening: [
      {
        id: "14111111",
        credentials: [id],
        decision: { type: "WARNING", details: { label: "ALERT" } },
        data: {
          searchDate: "2021-07-15T10:44:11.000Z",
          searchId: "12345678",
          searchReference: "1626345851-xxxxxx",
          searchResultUrl: "https://app.example.com/public/search/123456",
          searchResults: 2,
          searchStatus: "DONE",
        },
      },
    ],
    addressValidation: [{ id: "15111111", credentials: [id], decision: passed() }],
    proofOfResidency: [
      { id: "16111111", credentials: [id], decision: { type: "REJECTED", details: { label: "DENY" } } },
    ],
    drivingLicenseVerification: [
      {
        id: "17111111",
        credentials: { id: DATA_ID, category: "DATA" },
        decision: { type: "NOT_EXECUTED", details: { label: "UNSUPPORTED_STATE" } },
      },
    ],
    braCpfValidation: [
      {
        id: "18111111",
        credentials: { id: DATA_ID, category: "DATA" },
        decision: { type: "WARNING", details: { label: "UNSUPPORTED_COUNTRY" } },
      },
    ],
    biometricVerification: [
      {
        id: "19111111",
        credentials: { id: SELFIE_ID, category: "SELFIE" },
        decision: { type: "PASSED", details: { label: "LOW_RISK" } },
      },
    ],
  },
};

const CAPABILITIES = [
  "usability",
  "liveness",
  "similarity",
  "authentication",
  "imageChecks",
  "extraction",
  "dataChecks",
  "watchlistScreening",
  "addressValidation",
  "proofOfResidency",
  "drivingLicenseVerification",
  "braCpfValidation",
  "biometricVerification",
] as const;

let fake: FakeJumio;
let jumio: JumioClient;

before(async () => {
  fake = await startFakeJumio((request) => (request.path === DETAILS_PATH ? { json: DETAILS } : undefined));
  jumio = testClient(fake);
});
after(() => fake.close());

test("getWorkflowDetails parses all 13 capabilities of the guide in one answer", async () => {
  assert.deepEqual(Object.keys(DETAILS.capabilities).sort(), [...CAPABILITIES].sort(), "the fixture holds each one");
  const details = await jumio.getWorkflowDetails(ACCOUNT_ID, WORKFLOW_ID);
  const capabilities = details.capabilities ?? {};
  for (const name of CAPABILITIES) {
    const sent = DETAILS.capabilities[name] as { credentials: object | object[] }[];
    const parsed = capabilities[name];
    assert.ok(parsed, `${name} is kept`);
    // A single `credentials` object is answered as an array; everything else as sent.
    const expected = sent.map((result) => ({
      ...result,
      credentials: Array.isArray(result.credentials) ? result.credentials : [result.credentials],
    }));
    assert.deepEqual(parsed, expected, name);
  }
  assert.deepEqual({ ...details, capabilities: undefined }, { ...DETAILS, capabilities: undefined });
});

test("the typed result reaches each capability's data without casts", async () => {
  const { capabilities } = await jumio.getWorkflowDetails(ACCOUNT_ID, WORKFLOW_ID);
  assert.equal(capabilities?.liveness?.[0]?.data?.predictedAge, 28);
  assert.equal(capabilities?.similarity?.[0]?.data?.similarity, "MATCH");
  assert.equal(capabilities?.authentication?.[0]?.data?.type, "IPROOV_PREMIUM");
  assert.equal(capabilities?.imageChecks?.[0]?.data?.faceSearchFindings?.status, "DONE");
  assert.equal(capabilities?.extraction?.[0]?.data?.expiryDateParts?.year, "2033");
  assert.equal(capabilities?.watchlistScreening?.[0]?.data?.searchResults, 2);
  assert.equal(capabilities?.biometricVerification?.[0]?.decision.details?.label, "LOW_RISK");
  assert.equal(capabilities?.drivingLicenseVerification?.[0]?.credentials?.[0]?.category, "DATA");
});
