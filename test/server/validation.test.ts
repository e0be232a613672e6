import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type AccountRequest,
  createJumioClient,
  type JumioClient,
  JumioValidationError,
  MAX_PART_BYTES,
  WEB_LOCALES,
} from "../../src/server/index.js";
import { CLIENT_ID, CLIENT_SECRET, testClient, USER_AGENT } from "./support/client.js";
import { type FakeJumio, startFakeJumio } from "./support/fake-jumio.js";
import { ACCOUNT_ID, accountRequest, CREDENTIAL_ID, jpeg, png, WORKFLOW_ID } from "./support/fixtures.js";

let fake: FakeJumio;
let jumio: JumioClient;

before(async () => {
  fake = await startFakeJumio();
  jumio = testClient(fake);
});
after(() => fake.close());

/** Asserts a JumioValidationError whose issues name exactly `paths`, and that nothing was sent. */
async function assertInvalid(call: () => Promise<unknown>, paths: string[]) {
  const sentBefore = fake.received.length;
  await assert.rejects(call, (error) => {
    assert.ok(error instanceof JumioValidationError, String(error));
    assert.equal(error.code, "validation");
    assert.deepEqual(
      error.issues.map((issue) => issue.path),
      paths,
    );
    for (const path of paths) assert.ok(error.message.includes(path || "(root)"), error.message);
    return true;
  });
  assert.equal(fake.received.length, sentBefore, "nothing is sent");
}

// biome-ignore lint/suspicious/noExplicitAny: an edit writes what AccountRequest forbids, for the schema to reject.
type Loose = any;
type Edit = (request: Loose) => void;
const withEdit = (edit: Edit): AccountRequest => {
  const request = accountRequest();
  edit(request);
  return request;
};
const firstCredential = (request: Loose) => request.workflowDefinition.credentials[0];
const CREDENTIAL = "workflowDefinition.credentials.0";

const invalid: [rule: string, edit: Edit, paths: string[]][] = [
  ["customerInternalReference is required", (r) => delete r.customerInternalReference, ["customerInternalReference"]],
  [
    "customerInternalReference is at most 100 characters",
    (r) => (r.customerInternalReference = "x".repeat(101)),
    ["customerInternalReference"],
  ],
  ["userReference is at most 100 characters", (r) => (r.userReference = "x".repeat(101)), ["userReference"]],
  [
    "reportingCriteria is at most 255 characters",
    (r) => (r.reportingCriteria = "x".repeat(256)),
    ["reportingCriteria"],
  ],
  [
    "callbackUrl is at most 255 characters",
    (r) => (r.callbackUrl = `https://a.example/${"x".repeat(238)}`),
    ["callbackUrl"],
  ],
  ["callbackUrl is an absolute URL", (r) => (r.callbackUrl = "/jumio/callback"), ["callbackUrl"]],
  ["callbackUrl is http(s)", (r) => (r.callbackUrl = "javascript:alert(1)"), ["callbackUrl"]],
  ["tokenLifetime is at least 5m", (r) => (r.tokenLifetime = "4m"), ["tokenLifetime"]],
  ["tokenLifetime is at least 5m in seconds", (r) => (r.tokenLifetime = "299s"), ["tokenLifetime"]],
  ["tokenLifetime is at most 60d", (r) => (r.tokenLifetime = "61d"), ["tokenLifetime"]],
  ["tokenLifetime is at most 60d in hours", (r) => (r.tokenLifetime = "1441h"), ["tokenLifetime"]],
  ["tokenLifetime has a unit s, m, h or d", (r) => (r.tokenLifetime = "1w"), ["tokenLifetime"]],
  ["tokenLifetime is not a bare number", (r) => (r.tokenLifetime = "600"), ["tokenLifetime"]],
  [
    "web.successUrl is at most 255 characters",
    (r) => (r.web.successUrl = `https://a.example/${"x".repeat(238)}`),
    ["web.successUrl"],
  ],
  ["web.errorUrl is an absolute URL", (r) => (r.web.errorUrl = "error.html"), ["web.errorUrl"]],
  [
    "web.errorUrl is at most 255 characters",
    (r) => (r.web.errorUrl = `https://a.example/${"x".repeat(238)}`),
    ["web.errorUrl"],
  ],
  ["web.locale is one of the guide's locales", (r) => (r.web.locale = "en-US"), ["web.locale"]],
  ["workflowDefinition is required", (r) => delete r.workflowDefinition, ["workflowDefinition"]],
  ["workflowDefinition.key is an integer", (r) => (r.workflowDefinition.key = "10013"), ["workflowDefinition.key"]],
  ["workflowDefinition.key is not 0", (r) => (r.workflowDefinition.key = 0), ["workflowDefinition.key"]],
  ["workflowDefinition.key is not negative", (r) => (r.workflowDefinition.key = -2), ["workflowDefinition.key"]],
  [
    "credential category is ID, FACEMAP, DOCUMENT or SELFIE",
    (r) => (firstCredential(r).category = "PHOTO"),
    [`${CREDENTIAL}.category`],
  ],
  [
    "credential countries are ISO 3166-1 alpha-3",
    (r) => (firstCredential(r).country.values = ["USA", "DE"]),
    [`${CREDENTIAL}.country.values.1`],
  ],
  [
    "credential countries hold at least one",
    (r) => (firstCredential(r).country.values = []),
    [`${CREDENTIAL}.country.values`],
  ],
  [
    "country.predefinedType is DEFINED or RECOMMENDED",
    (r) => (firstCredential(r).country.predefinedType = "FIXED"),
    [`${CREDENTIAL}.country.predefinedType`],
  ],
  [
    "type.predefinedType is DEFINED or RECOMMENDED",
    (r) => (firstCredential(r).type.predefinedType = "PRESELECTED"),
    [`${CREDENTIAL}.type.predefinedType`],
  ],
  [
    "ID credential types are the guide's",
    (r) => (firstCredential(r).type.values = ["PASSPORT", "JUMIO_STANDARD"]),
    [`${CREDENTIAL}.type.values.1`],
  ],
  [
    "FACEMAP credential types are the guide's",
    (r) =>
      Object.assign(firstCredential(r), { category: "FACEMAP", type: { values: ["IPROOV_STANDARD", "PASSPORT"] } }),
    [`${CREDENTIAL}.type.values.1`],
  ],
  ["userConsent.userIp is an IP address", (r) => (r.userConsent.userIp = "226.80.211.300"), ["userConsent.userIp"]],
  [
    "userLocation.country is ISO 3166-1 alpha-3",
    (r) => (r.userConsent.userLocation.country = "US"),
    ["userConsent.userLocation.country"],
  ],
  [
    "userLocation.state is a code for USA",
    (r) => (r.userConsent.userLocation.state = "Illinois"),
    ["userConsent.userLocation.state"],
  ],
  [
    "userLocation.state is at most 100 characters",
    (r) => (r.userConsent.userLocation = { country: "DEU", state: "x".repeat(101) }),
    ["userConsent.userLocation.state"],
  ],
  [
    "consent is required when userLocation.country is USA",
    (r) => delete r.userConsent.consent,
    ["userConsent.consent"],
  ],
  // The guide's footnote to userIp and userLocation.country: "Mandatory for End-User Consent even if the user is not based in USA".
  [
    "userConsent needs userIp, even outside the USA",
    (r) => (r.userConsent = { userLocation: { country: "AUT" } }),
    ["userConsent.userIp"],
  ],
  [
    "userConsent needs userLocation, even outside the USA",
    (r) => (r.userConsent = { userIp: "226.80.211.232" }),
    ["userConsent.userLocation"],
  ],
  [
    "userConsent needs userLocation.country",
    (r) => (r.userConsent.userLocation = { state: "IL" }),
    ["userConsent.userLocation.country"],
  ],
  ["an empty userConsent names both", (r) => (r.userConsent = {}), ["userConsent.userIp", "userConsent.userLocation"]],
  [
    "consent alone is not enough",
    (r) => (r.userConsent = { consent: { obtained: "yes", obtainedAt: "2022-07-20T17:20:35.000Z" } }),
    ["userConsent.userIp", "userConsent.userLocation"],
  ],
  [
    "consent.obtained is yes, no or na",
    (r) => (r.userConsent.consent.obtained = "YES"),
    ["userConsent.consent.obtained"],
  ],
  [
    "consent.obtainedAt is required when consent.obtained is yes",
    (r) => delete r.userConsent.consent.obtainedAt,
    ["userConsent.consent.obtainedAt"],
  ],
  [
    "consent.obtainedAt has milliseconds",
    (r) => (r.userConsent.consent.obtainedAt = "2022-07-20T17:20:35Z"),
    ["userConsent.consent.obtainedAt"],
  ],
  [
    "consent.obtainedAt is UTC",
    (r) => (r.userConsent.consent.obtainedAt = "2022-07-20T17:20:35.000+02:00"),
    ["userConsent.consent.obtainedAt"],
  ],
  ["unknown fields are refused, not dropped", (r) => (r.userRefrence = "typo"), [""]],
  [
    "every offending path is named, once",
    (r) => Object.assign(r, { customerInternalReference: "", tokenLifetime: "90d", web: { locale: "xx" } }),
    ["customerInternalReference", "tokenLifetime", "web.locale"],
  ],
];

const valid: [rule: string, edit: Edit][] = [
  ["the guide's Account Create example", () => {}],
  ["tokenLifetime of exactly 5m", (r) => (r.tokenLifetime = "300s")],
  ["tokenLifetime of exactly 60d", (r) => (r.tokenLifetime = "1440h")],
  [
    "the guide's Account Update example (no consent outside the USA)",
    (r) => (r.userConsent = { userIp: "226.80.211.232", userLocation: { country: "AUT" } }),
  ],
  ["consent not obtained, without timestamp", (r) => (r.userConsent.consent = { obtained: "no" })],
  // The guide limits continuous consent to 3 years but sets no rule on future timestamps: neither is checked.
  ["consent.obtainedAt in the future", (r) => (r.userConsent.consent.obtainedAt = "2099-01-01T00:00:00.000Z")],
  ["consent.obtainedAt more than 3 years ago", (r) => (r.userConsent.consent.obtainedAt = "2010-01-01T00:00:00.000Z")],
  ["a 3-letter state code for AUS", (r) => (r.userConsent.userLocation = { country: "AUS", state: "NSW" })],
  ["a free-text state elsewhere", (r) => (r.userConsent.userLocation = { country: "DEU", state: "Bayern" })],
  ["an IPv6 userIp", (r) => (r.userConsent.userIp = "2001:db8::1")],
  ["Kosovo as Jumio writes it", (r) => (firstCredential(r).country.values = ["XKX"])],
  [
    "a FACEMAP credential",
    (r) => (r.workflowDefinition.credentials = [{ category: "FACEMAP", type: { values: ["JUMIO_STANDARD"] } }]),
  ],
  [
    "a minimal request",
    (r) => {
      for (const key of Object.keys(r)) {
        if (key !== "customerInternalReference" && key !== "workflowDefinition") delete r[key];
      }
    },
  ],
  ...WEB_LOCALES.map((locale): [string, Edit] => [`web.locale ${locale}`, (r) => (r.web.locale = locale)]),
];

test("a missing consent field quotes the guide's footnote", async () => {
  await assert.rejects(jumio.createAccount(withEdit((r) => (r.userConsent = { userLocation: { country: "AUT" } }))), {
    message:
      'Invalid account request: userConsent.userIp: is required with userConsent (the guide: "Mandatory for End-User Consent even if the user is not based in USA")',
  });
});

describe("Account Create/Update requests are validated before anything is sent", () => {
  for (const [rule, edit, paths] of invalid) {
    test(rule, async () => {
      await assertInvalid(() => jumio.createAccount(withEdit(edit)), paths);
      await assertInvalid(() => jumio.updateAccount(ACCOUNT_ID, withEdit(edit)), paths);
    });
  }
});

describe("valid requests go out", () => {
  for (const [rule, edit] of valid) {
    test(rule, async () => {
      await assert.rejects(jumio.createAccount(withEdit(edit)), { name: "JumioApiError", status: 404 });
    });
  }
});

describe("ids are validated before they reach a URL path", () => {
  test("a dot segment is refused", () =>
    assertInvalid(() => jumio.getWorkflowDetails("..", WORKFLOW_ID), ["accountId"]));
  test("a slash is refused", () =>
    assertInvalid(() => jumio.deleteWorkflow(ACCOUNT_ID, "a/b"), ["workflowExecutionId"]));
  test("a missing id is refused", () =>
    assertInvalid(
      () => (jumio.getWorkflowSteps as (id: string) => Promise<unknown>)(ACCOUNT_ID),
      ["workflowExecutionId"],
    ));
  test("the classifier is FRONT, BACK, FACE or FACEMAP", () =>
    assertInvalid(() => jumio.getCredentialPart(ACCOUNT_ID, CREDENTIAL_ID, "SIDE" as "FRONT"), ["classifier"]));
});

describe("uploadPart checks the file before sending", () => {
  const upload = (file: unknown) =>
    jumio.uploadPart({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      credentialId: CREDENTIAL_ID,
      classifier: "FACE",
      file: file as Uint8Array,
    });
  const refused: [rule: string, file: unknown][] = [
    ["it is a JPEG or PNG", new TextEncoder().encode("GIF89a…")],
    ["it is at most 5 MB", Buffer.concat([png(100, 100), Buffer.alloc(5 * 1024 * 1024)])],
    ["5 MB is 5,000,000 bytes: one more is refused", Buffer.concat([png(100, 100), Buffer.alloc(5_000_001 - 33)])],
    ["a PNG is at most 8000 x 8000", png(8001, 10)],
    ["a JPEG is at most 8000 x 8000", jpeg(10, 8001)],
    ["it is bytes or a Blob", "front.jpg"],
  ];
  for (const [rule, file] of refused) test(rule, () => assertInvalid(() => upload(file), ["file"]));

  const accepted: [rule: string, file: unknown][] = [
    ["a PNG Blob of 8000 x 8000", new Blob([png(8000, 8000)])],
    ["a JPEG ArrayBuffer", jpeg(800, 600).slice().buffer],
    ["a PNG of exactly 5,000,000 bytes", Buffer.concat([png(100, 100), Buffer.alloc(5_000_000 - 33)])],
  ];
  for (const [rule, file] of accepted) {
    test(rule, () => assert.rejects(upload(file), { name: "JumioApiError", status: 404 }));
  }
});

test("MAX_PART_BYTES is the guide's 5 MB as 5,000,000 bytes", () => assert.equal(MAX_PART_BYTES, 5_000_000));

describe("call options are validated before anything is sent, the token request included", () => {
  const cases: [
    rule: string,
    options: Record<string, unknown>,
    call: (client: JumioClient, options: never) => Promise<unknown>,
  ][] = [
    [
      "timeoutMs is a whole number (AbortSignal.timeout refuses 1500.5)",
      { timeoutMs: 1500.5 },
      (c, o) => c.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, o),
    ],
    ["timeoutMs is positive", { timeoutMs: -1 }, (c, o) => c.deleteAccount(ACCOUNT_ID, o)],
    ["timeoutMs is at most 2³¹ − 1 ms", { timeoutMs: 2 ** 31 }, (c, o) => c.createAccount(accountRequest(), o)],
    ["signal is an AbortSignal", { signal: "stop" }, (c, o) => c.getWorkflowSteps(ACCOUNT_ID, WORKFLOW_ID, o)],
  ];
  for (const [rule, options, call] of cases) {
    test(rule, async () => {
      // A fresh client, no token yet: a bad option must not leave a token request behind.
      const tokensBefore = fake.tokenRequests().length;
      await assertInvalid(() => call(testClient(fake), options as never), Object.keys(options));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(fake.tokenRequests().length, tokensBefore, "no token request was started");
    });
  }
});

describe("createJumioClient options", () => {
  const base = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, region: "amer-1", userAgent: USER_AGENT } as const;
  const cases: [rule: string, options: object, paths: string[]][] = [
    ["userAgent is required", { ...base, userAgent: " " }, ["userAgent"]],
    ["userAgent is one header line", { ...base, userAgent: "Acme\nX-Injected: 1" }, ["userAgent"]],
    ["userAgent is ASCII", { ...base, userAgent: "Acme™ Onboarding/2" }, ["userAgent"]],
    ["region is amer-1, emea-1 or apac-1", { ...base, region: "us-1" }, ["region"]],
    ["clientSecret is required", { ...base, clientSecret: "" }, ["clientSecret"]],
    ["base URLs are http(s)", { ...base, baseUrls: { account: "ftp://example.com" } }, ["baseUrls.account"]],
    // Node clamps a longer timer to 1 ms: every attempt would time out at once.
    ["timeoutMs is at most 2³¹ − 1 ms", { ...base, timeoutMs: 2 ** 31 }, ["timeoutMs"]],
    ["retry.maxDelayMs is at most 2³¹ − 1 ms", { ...base, retry: { maxDelayMs: 2 ** 31 } }, ["retry.maxDelayMs"]],
  ];
  for (const [rule, options, paths] of cases) {
    test(rule, () => {
      assert.throws(
        () => createJumioClient(options as Parameters<typeof createJumioClient>[0]),
        (error) =>
          error instanceof JumioValidationError &&
          assert.deepEqual(
            error.issues.map((issue) => issue.path),
            paths,
          ) === undefined,
      );
    });
  }
});
