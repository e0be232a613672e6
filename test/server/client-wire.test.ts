import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { defaultBaseUrls, type JumioClient } from "../../src/server/index.js";
import { CLIENT_ID, CLIENT_SECRET, testClient, USER_AGENT } from "./support/client.js";
import { type FakeJumio, type Received, type Reply, startFakeJumio } from "./support/fake-jumio.js";
import { ACCOUNT_ID, accountRequest, accountResponse, CREDENTIAL_ID, jpeg, WORKFLOW_ID } from "./support/fixtures.js";

const WORKFLOW_PATH = `/api/v1/accounts/${ACCOUNT_ID}/workflow-executions/${WORKFLOW_ID}`;

const STATUS = {
  account: { id: ACCOUNT_ID, href: `https://retrieval.amer-1.jumio.ai/api/v1/accounts/${ACCOUNT_ID}` },
  workflowExecution: { id: WORKFLOW_ID, definitionKey: "10013", status: "PROCESSED" },
};

/** The guide's Workflow Details example, as valid JSON. */
const DETAILS = {
  workflow: { id: WORKFLOW_ID, status: "PROCESSED", definitionKey: "10013" },
  account: { id: ACCOUNT_ID },
  createdAt: "2021-03-12T15:47:17.234Z",
  startedAt: "2021-03-12T15:49:32.202Z",
  completedAt: "2021-03-12T15:49:33.421Z",
  credentials: [{ id: CREDENTIAL_ID, category: "ID", parts: [{ classifier: "FRONT", href: "https://x/FRONT" }] }],
  decision: { type: "PASSED", details: { label: "PASSED" }, risk: { score: 0 } },
  steps: { href: `https://retrieval.amer-1.jumio.ai${WORKFLOW_PATH}/steps` },
  capabilities: {
    extraction: [
      {
        id: "1a11111",
        credentials: [{ id: CREDENTIAL_ID, category: "ID" }],
        decision: { type: "PASSED", details: { label: "OK" } },
        data: {
          type: "PASSPORT",
          firstName: "JANE",
          lastName: "DOE",
          address: { country: "AUT", formattedAddress: "AUT" },
        },
      },
    ],
    similarity: [
      {
        id: "1e",
        credentials: { id: CREDENTIAL_ID, category: "SELFIE" },
        decision: { type: "PASSED" },
        data: { similarity: "MATCH" },
      },
    ],
    watchlistScreening: [
      {
        id: "14",
        credentials: [{ id: CREDENTIAL_ID, category: "ID" }],
        decision: { type: "PASSED", details: { label: "OK" } },
        data: { searchDate: "2021-07-15T10:44:11.000Z", searchResults: 0, searchStatus: "SUCCESS" },
      },
    ],
  },
};

/** What the client answers for DETAILS: a capability's single `credentials` object becomes an array. */
const PARSED_DETAILS = {
  ...DETAILS,
  capabilities: {
    ...DETAILS.capabilities,
    similarity: [
      { ...DETAILS.capabilities.similarity[0], credentials: [DETAILS.capabilities.similarity[0]!.credentials] },
    ],
  },
};

const STEPS = {
  steps: [
    {
      id: "44111111",
      name: "ID_IV",
      capabilityIds: ["1a11111"],
      decision: { type: "PASSED", details: { label: "PASSED" } },
    },
  ],
};

const IDS_ANSWER = {
  timestamp: "2021-02-25T11:55:41.347Z",
  account: { id: ACCOUNT_ID },
  workflowExecution: { id: WORKFLOW_ID },
};
const IMAGE = jpeg(640, 480);

function reply(request: Received): Reply | undefined {
  const key = `${request.method} ${request.path}`;
  const replies: Record<string, Reply> = {
    "POST /account/api/v1/accounts": { json: accountResponse() },
    [`PUT /account/api/v1/accounts/${ACCOUNT_ID}`]: { json: accountResponse() },
    [`GET /retrieval${WORKFLOW_PATH}/status`]: { json: STATUS },
    [`GET /retrieval${WORKFLOW_PATH}`]: { json: DETAILS },
    [`GET /retrieval${WORKFLOW_PATH}/steps`]: { json: STEPS },
    [`GET /retrieval/api/v1/accounts/${ACCOUNT_ID}/credentials/${CREDENTIAL_ID}/parts/FRONT`]: {
      headers: { "Content-Type": "image/jpeg" },
      body: IMAGE,
    },
    [`DELETE /retrieval/api/v1/accounts/${ACCOUNT_ID}`]: {},
    [`DELETE /retrieval${WORKFLOW_PATH}`]: {},
    [`POST /api-channel${WORKFLOW_PATH}/credentials/${CREDENTIAL_ID}/parts/FRONT`]: {
      json: { ...IDS_ANSWER, api: { token: "xxx", parts: { front: "https://x/FRONT" } } },
    },
    [`PUT /api-channel${WORKFLOW_PATH}`]: { json: IDS_ANSWER },
    "GET /status": { json: { status: "DEGRADED", details: { mobile: "DEGRADED", callback: "DEGRADED" } } },
  };
  return replies[key];
}

let fake: FakeJumio;
let jumio: JumioClient;

before(async () => {
  fake = await startFakeJumio(reply);
  jumio = testClient(fake);
});
after(() => fake.close());

/** Runs `call` and returns the one non-token request it made. */
async function sent(call: () => Promise<unknown>): Promise<{ request: Received; result: unknown }> {
  const before = fake.calls().length;
  const result = await call();
  const made = fake.calls().slice(before);
  assert.equal(made.length, 1);
  return { request: made[0]!, result };
}

function assertCommonHeaders(request: Received) {
  assert.equal(request.headers["user-agent"], USER_AGENT);
  assert.equal(request.headers.accept, "application/json");
}

function assertBearer(request: Received) {
  assertCommonHeaders(request);
  assert.match(request.headers.authorization ?? "", /^Bearer token-\d+$/);
}

describe("OAuth2 token request", () => {
  test("is the guide's client-credentials form with HTTP Basic credentials", async () => {
    await jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
    const [token] = fake.tokenRequests();
    assert.ok(token);
    assert.equal(token.method, "POST");
    assert.equal(
      token.headers.authorization,
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
    );
    assert.equal(token.headers["content-type"], "application/x-www-form-urlencoded");
    assertCommonHeaders(token);
    assert.equal(token.text, "grant_type=client_credentials");
  });
});

describe("wire format of every call", () => {
  test("createAccount POSTs the validated body as JSON to {account}/api/v1/accounts", async () => {
    const { request, result } = await sent(() => jumio.createAccount(accountRequest()));
    assert.equal(request.method, "POST");
    assert.equal(request.path, "/account/api/v1/accounts");
    assertBearer(request);
    assert.equal(request.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(request.text), accountRequest());
    assert.deepEqual(result, accountResponse());
  });

  test("updateAccount PUTs the body to {account}/api/v1/accounts/{accountId}", async () => {
    const { request } = await sent(() => jumio.updateAccount(ACCOUNT_ID, accountRequest()));
    assert.equal(request.method, "PUT");
    assert.equal(request.path, `/account/api/v1/accounts/${ACCOUNT_ID}`);
    assertBearer(request);
    assert.equal(request.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(request.text), accountRequest());
  });

  const reads: [name: string, call: () => Promise<unknown>, path: string, answer: unknown][] = [
    ["getWorkflowStatus", () => jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID), `${WORKFLOW_PATH}/status`, STATUS],
    ["getWorkflowDetails", () => jumio.getWorkflowDetails(ACCOUNT_ID, WORKFLOW_ID), WORKFLOW_PATH, PARSED_DETAILS],
    ["getWorkflowSteps", () => jumio.getWorkflowSteps(ACCOUNT_ID, WORKFLOW_ID), `${WORKFLOW_PATH}/steps`, STEPS],
  ];
  for (const [name, call, path, answer] of reads) {
    test(`${name} GETs {retrieval}${path.replace(ACCOUNT_ID, "{accountId}").replace(WORKFLOW_ID, "{id}")}`, async () => {
      const { request, result } = await sent(call);
      assert.equal(request.method, "GET");
      assert.equal(request.path, `/retrieval${path}`);
      assertBearer(request);
      // Retrieval: "The following fields are required in the header section of your request:
      // Accept: application/json / Content-Type: application/json / …" (no body, all the same).
      assert.equal(request.headers["content-type"], "application/json");
      assert.equal(request.body.length, 0);
      assert.deepEqual(result, answer);
    });
  }

  test("getCredentialPart GETs {retrieval}/api/v1/accounts/{id}/credentials/{id}/parts/{classifier} as bytes", async () => {
    const { request, result } = await sent(() => jumio.getCredentialPart(ACCOUNT_ID, CREDENTIAL_ID, "FRONT"));
    assert.equal(request.method, "GET");
    assert.equal(request.path, `/retrieval/api/v1/accounts/${ACCOUNT_ID}/credentials/${CREDENTIAL_ID}/parts/FRONT`);
    assertBearer(request);
    assert.deepEqual(result, { bytes: IMAGE, contentType: "image/jpeg" });
  });

  test("deleteAccount DELETEs {retrieval}/api/v1/accounts/{accountId}", async () => {
    const { request, result } = await sent(() => jumio.deleteAccount(ACCOUNT_ID));
    assert.equal(request.method, "DELETE");
    assert.equal(request.path, `/retrieval/api/v1/accounts/${ACCOUNT_ID}`);
    assertBearer(request);
    assert.equal(result, undefined);
  });

  test("deleteWorkflow DELETEs {retrieval}/api/v1/accounts/{id}/workflow-executions/{id}", async () => {
    const { request } = await sent(() => jumio.deleteWorkflow(ACCOUNT_ID, WORKFLOW_ID));
    assert.equal(request.method, "DELETE");
    assert.equal(request.path, `/retrieval${WORKFLOW_PATH}`);
    assertBearer(request);
  });

  test("uploadPart POSTs the image as multipart field `file` to {api}/…/credentials/{id}/parts/{classifier}", async () => {
    const { request, result } = await sent(() =>
      jumio.uploadPart({
        accountId: ACCOUNT_ID,
        workflowExecutionId: WORKFLOW_ID,
        credentialId: CREDENTIAL_ID,
        classifier: "FRONT",
        file: IMAGE,
      }),
    );
    assert.equal(request.method, "POST");
    assert.equal(request.path, `/api-channel${WORKFLOW_PATH}/credentials/${CREDENTIAL_ID}/parts/FRONT`);
    assertBearer(request);
    const contentType = request.headers["content-type"] ?? "";
    assert.match(contentType, /^multipart\/form-data; boundary=/);
    const form = await new Response(request.body, { headers: { "Content-Type": contentType } }).formData();
    assert.deepEqual([...form.keys()], ["file"]);
    const file = form.get("file") as File;
    assert.equal(file.type, "image/jpeg");
    assert.equal(file.name, "front.jpg");
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), IMAGE);
    assert.deepEqual(result, { ...IDS_ANSWER, api: { token: "xxx", parts: { front: "https://x/FRONT" } } });
  });

  test("finalizeWorkflow PUTs {} as JSON to {api}/api/v1/accounts/{id}/workflow-executions/{id}", async () => {
    const { request, result } = await sent(() => jumio.finalizeWorkflow(ACCOUNT_ID, WORKFLOW_ID));
    assert.equal(request.method, "PUT");
    assert.equal(request.path, `/api-channel${WORKFLOW_PATH}`);
    assertBearer(request);
    // The guide's required headers for finalize include `Content-Type: application/json`; it documents no body.
    assert.equal(request.headers["content-type"], "application/json");
    assert.equal(request.text, "{}");
    assert.deepEqual(result, IDS_ANSWER);
  });

  test("getServiceStatus GETs the status URL with Accept and User-Agent and no credentials", async () => {
    const { request, result } = await sent(() => jumio.getServiceStatus());
    assert.equal(request.method, "GET");
    assert.equal(request.path, "/status");
    assertCommonHeaders(request);
    assert.equal(request.headers.authorization, undefined);
    assert.deepEqual(result, { status: "DEGRADED", details: { mobile: "DEGRADED", callback: "DEGRADED" } });
  });
});

describe("base URLs", () => {
  test("default to the region's Jumio hosts", () => {
    assert.deepEqual(defaultBaseUrls("emea-1"), {
      auth: "https://auth.emea-1.jumio.ai/oauth2/token",
      account: "https://account.emea-1.jumio.ai",
      api: "https://api.emea-1.jumio.ai",
      retrieval: "https://retrieval.emea-1.jumio.ai",
      status: "https://status.emea-1.jumio.ai",
    });
  });

  test("an origin override with a trailing slash keeps the guide's path", async () => {
    const client = testClient(fake, { baseUrls: { ...fake.baseUrls, retrieval: `${fake.url}/retrieval/` } });
    const { request } = await sent(() => client.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID));
    assert.equal(request.path, `/retrieval${WORKFLOW_PATH}/status`);
  });
});
