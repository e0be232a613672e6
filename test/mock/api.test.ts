import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { MockJumio } from "../../src/mock/index.js";
import { inspectImage } from "../../src/server/image.js";
import {
  accountResponseSchema,
  createJumioClient,
  JumioApiError,
  type JumioClient,
  JumioResponseError,
  tokenResponseSchema,
} from "../../src/server/index.js";
import { png } from "../server/support/fixtures.js";
import { accountRequest, basicAuthorization, bearerFetch, requestToken, startMock, USER_AGENT } from "./support.js";

let mock: MockJumio;
let jumio: JumioClient;

before(async () => {
  ({ mock, jumio } = await startMock());
});
after(() => mock.close());

const JSON_BODY = { "Content-Type": "application/json" };

async function rejectsWithStatus(call: Promise<unknown>, status: number) {
  await assert.rejects(call, (error: unknown) => error instanceof JumioApiError && error.status === status);
}

describe("OAuth2 token", () => {
  const valid = () => basicAuthorization(mock.clientId, mock.clientSecret);

  test("answers the guide's token response to HTTP Basic client credentials and the form body", async () => {
    const response = await requestToken(mock.baseUrls.auth, valid());
    assert.equal(response.status, 200);
    const token = tokenResponseSchema.parse(await response.json());
    assert.equal(token.expires_in, 3600);
    assert.equal(token.token_type, "Bearer");
  });

  // Guide: "Calls with missing, incorrect or suspicious headers or parameter values will result
  // in HTTP status code 400 Bad Request Error or 403 Forbidden".
  test("answers 403 invalid_client to a wrong client id or secret", async () => {
    for (const authorization of [
      basicAuthorization(mock.clientId, "wrong"),
      basicAuthorization("someone-else", mock.clientSecret),
    ]) {
      const response = await requestToken(mock.baseUrls.auth, authorization);
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), { error: "invalid_client" });
    }
  });

  test("answers 400 invalid_request to missing or malformed Basic credentials", async () => {
    const malformed = [undefined, "Bearer abc", `Basic ${Buffer.from("no-colon").toString("base64")}`, "Basic"];
    for (const authorization of malformed) {
      const response = await requestToken(mock.baseUrls.auth, authorization);
      assert.equal(response.status, 400, String(authorization));
      assert.deepEqual(await response.json(), { error: "invalid_request" });
    }
  });

  test("the server helper meets wrong credentials as a 403 JumioApiError, and nothing is created", async () => {
    const before = mock.accounts().length;
    const client = createJumioClient({
      clientId: mock.clientId,
      clientSecret: "not-the-secret",
      region: "amer-1",
      userAgent: USER_AGENT,
      baseUrls: mock.baseUrls,
      retry: { retries: 0 },
    });
    await rejectsWithStatus(client.createAccount(accountRequest()), 403);
    assert.equal(mock.accounts().length, before);
  });

  test("answers 400 to another grant type or no form body", async () => {
    const password = await requestToken(mock.baseUrls.auth, valid(), "grant_type=password");
    assert.equal(password.status, 400);
    assert.deepEqual(await password.json(), { error: "unsupported_grant_type" });
    const empty = await requestToken(mock.baseUrls.auth, valid(), "");
    assert.deepEqual(await empty.json(), { error: "invalid_request" });
  });

  test("accepts other credentials when started with them, and only those", async () => {
    const { mock: other, jumio: client } = await startMock({ clientId: "acme", clientSecret: "s3cret-Value" });
    try {
      assert.equal(other.clientId, "acme");
      await rejectsWithStatus(client.getWorkflowStatus("a", "b"), 404); // not 403: the token was issued
      assert.equal((await requestToken(other.baseUrls.auth, valid())).status, 403);
    } finally {
      await other.close();
    }
  });
});

describe("Account Create and Update", () => {
  test("answers the guide's shape, with web.href, sdk.token and API-channel part URLs on the mock", async () => {
    const account = await jumio.createAccount(
      accountRequest({
        web: { successUrl: "https://host.example/ok", errorUrl: "https://host.example/error", locale: "de" },
        workflowDefinition: {
          key: 10013,
          credentials: [{ category: "ID", type: { values: ["ID_CARD", "PASSPORT"] }, country: { values: ["DEU"] } }],
        },
      }),
    );
    const href = new URL(account.web?.href ?? "");
    assert.equal(href.origin, mock.url);
    assert.equal(href.pathname, "/web/v4/app");
    const token = href.searchParams.get("authorizationToken");
    assert.ok(token);
    assert.equal(href.searchParams.get("locale"), "de");
    assert.equal(account.sdk?.token, token);
    assert.equal(account.web?.successUrl, "https://host.example/ok");
    assert.equal(account.web?.errorUrl, "https://host.example/error");

    const [id, selfie, facemap] = account.workflowExecution.credentials ?? [];
    assert.equal(id?.category, "ID");
    assert.deepEqual(id?.type, { values: ["ID_CARD", "PASSPORT"] });
    assert.deepEqual(id?.country, { values: ["DEU"] });
    const base = `${mock.url}/api/v1/accounts/${account.account.id}/workflow-executions/${account.workflowExecution.id}`;
    assert.deepEqual(id?.api?.parts, {
      front: `${base}/credentials/${id?.id}/parts/FRONT`,
      back: `${base}/credentials/${id?.id}/parts/BACK`,
    });
    assert.equal(id?.api?.workflowExecution, base);
    assert.equal(id?.api?.token, token);
    assert.deepEqual(selfie?.api?.parts, { face: `${base}/credentials/${selfie?.id}/parts/FACE` });
    assert.equal(facemap?.category, "FACEMAP");
    assert.deepEqual(facemap?.allowedChannels, ["WEB", "SDK"]);
    assert.equal(facemap?.api, undefined);
  });

  test("Update starts a new workflow with a new token on the same account", async () => {
    const first = await jumio.createAccount(accountRequest());
    const second = await jumio.updateAccount(first.account.id, accountRequest());
    assert.equal(second.account.id, first.account.id);
    assert.notEqual(second.workflowExecution.id, first.workflowExecution.id);
    assert.notEqual(second.sdk?.token, first.sdk?.token);
    const summary = mock.accounts().find(({ id }) => id === first.account.id);
    assert.deepEqual(summary?.workflowExecutionIds, [first.workflowExecution.id, second.workflowExecution.id]);
  });

  test("Update of an unknown account is a 404", async () => {
    await rejectsWithStatus(jumio.updateAccount("00000000-0000-0000-0000-000000000000", accountRequest()), 404);
  });

  test("answers 400 naming each offending path of an invalid body", async () => {
    const response = await bearerFetch(mock, "/api/v1/accounts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ workflowDefinition: { key: 10013 }, tokenLifetime: "1m", web: { locale: "xx" } }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { status: number; message: string; issues: { path: string }[] };
    assert.equal(body.status, 400);
    assert.deepEqual(body.issues.map(({ path }) => path).sort(), [
      "customerInternalReference",
      "tokenLifetime",
      "web.locale",
    ]);
    assert.match(body.message, /tokenLifetime: must be between 5m and 60d/);
  });

  test("answers 400 to a body that is not JSON", async () => {
    const response = await bearerFetch(mock, "/api/v1/accounts", {
      method: "POST",
      headers: JSON_BODY,
      body: "{not json",
    });
    assert.equal(response.status, 400);
    assert.deepEqual(((await response.json()) as { issues: unknown }).issues, [{ path: "", message: "is not JSON" }]);
  });

  test("answers 403 without a bearer token (the guide's 'without OAuth2'), 401 to a wrong one, 403 without a User-Agent", async () => {
    const body = JSON.stringify(accountRequest());
    const headers = { ...JSON_BODY, "User-Agent": USER_AGENT };
    const anonymous = await fetch(`${mock.url}/api/v1/accounts`, { method: "POST", body, headers });
    assert.equal(anonymous.status, 403);
    const wrong = await fetch(`${mock.url}/api/v1/accounts`, {
      method: "POST",
      body,
      headers: { ...headers, Authorization: "Bearer nope" },
    });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get("www-authenticate") ?? "", /^Bearer /);
    const nameless = await bearerFetch(mock, "/api/v1/accounts", {
      method: "POST",
      body,
      headers: { ...headers, "User-Agent": "" },
    });
    assert.equal(nameless.status, 403);
  });

  test("the answer passes the server helper's response schema", async () => {
    const response = await bearerFetch(mock, "/api/v1/accounts", {
      method: "POST",
      headers: JSON_BODY,
      body: JSON.stringify(accountRequest()),
    });
    assert.equal(response.status, 200);
    const parsed = accountResponseSchema.safeParse(await response.json());
    assert.ok(parsed.success);
    assert.match(parsed.data.timestamp ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe("Retrieval", () => {
  test("a new workflow is INITIATED, with no results and no steps yet", async () => {
    const account = await jumio.createAccount(accountRequest());
    const status = await jumio.getWorkflowStatus(account.account.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "INITIATED");
    assert.equal(status.workflowExecution.definitionKey, "10013");
    assert.equal(status.account.href, `${mock.url}/api/v1/accounts/${account.account.id}`);
    const details = await jumio.getWorkflowDetails(account.account.id, account.workflowExecution.id);
    assert.equal(details.workflow.status, "INITIATED");
    assert.equal(details.capabilities, undefined);
    assert.deepEqual(details.credentials, []);
    assert.deepEqual(await jumio.getWorkflowSteps(account.account.id, account.workflowExecution.id), { steps: [] });
  });

  test("a processed workflow has realistic results for the chosen document, and steps naming them", async () => {
    const account = await jumio.createAccount(
      accountRequest({
        workflowDefinition: { key: 10013, capabilities: { watchlistScreening: { additionalProperties: "x" } } },
      }),
    );
    const ids = [account.account.id, account.workflowExecution.id] as const;
    assert.ok(mock.complete(account.workflowExecution.id, { documentType: "DRIVING_LICENSE" }));

    const details = await jumio.getWorkflowDetails(...ids);
    assert.equal(details.workflow.status, "PROCESSED");
    assert.equal(details.workflow.customerInternalReference, "order-4711");
    assert.equal(details.workflow.userReference, "user-42");
    assert.equal(details.decision?.type, "PASSED");
    assert.ok(details.startedAt && details.completedAt);
    const capabilities = details.capabilities ?? {};
    const extraction = capabilities.extraction?.[0];
    assert.equal(extraction?.decision.type, "PASSED");
    assert.equal(extraction?.data?.type, "DRIVING_LICENSE");
    assert.equal(extraction?.data?.firstName, "JANE");
    assert.match(extraction?.data?.expiryDate ?? "", /^\d{4}-\d\d-\d\d$/);
    assert.equal(capabilities.similarity?.[0]?.data?.similarity, "MATCH");
    assert.equal(capabilities.liveness?.[0]?.decision.details?.label, "OK");
    for (const name of ["usability", "imageChecks", "dataChecks", "watchlistScreening"] as const) {
      assert.ok(
        capabilities[name]?.every(({ decision }) => decision.type === "PASSED"),
        name,
      );
    }
    assert.deepEqual(
      capabilities.usability?.map(({ credentials }) => credentials?.[0]?.category),
      ["ID", "SELFIE", "FACEMAP"],
    );

    const { steps } = await jumio.getWorkflowSteps(...ids);
    assert.deepEqual(
      steps.map(({ name }) => name),
      ["ID_IV", "SCREENING"],
    );
    const capabilityIds = new Set(
      Object.values(capabilities).flatMap((results) => (results as { id: string }[]).map(({ id }) => id)),
    );
    assert.ok(steps.flatMap((step) => step.capabilityIds ?? []).every((id) => capabilityIds.has(id)));
    assert.equal(details.steps?.href, `${mock.url}/api/v1/accounts/${ids[0]}/workflow-executions/${ids[1]}/steps`);
  });

  test("serves each captured part as a PNG at the href of the details", async () => {
    const account = await jumio.createAccount(accountRequest());
    mock.complete(account.workflowExecution.id, { documentType: "ID_CARD" });
    const details = await jumio.getWorkflowDetails(account.account.id, account.workflowExecution.id);
    const id = details.credentials?.find(({ category }) => category === "ID");
    assert.deepEqual(
      id?.parts?.map(({ classifier }) => classifier),
      ["FRONT", "BACK"],
    );
    assert.equal(
      id?.parts?.[0]?.href,
      `${mock.url}/api/v1/accounts/${account.account.id}/credentials/${id?.id}/parts/FRONT`,
    );
    const front = await jumio.getCredentialPart(account.account.id, id?.id ?? "", "FRONT");
    assert.equal(front.contentType, "image/png");
    assert.deepEqual(inspectImage(front.bytes), { type: "image/png", width: 428, height: 270 });
    const selfie = details.credentials?.find(({ category }) => category === "SELFIE");
    const face = await jumio.getCredentialPart(account.account.id, selfie?.id ?? "", "FACE");
    assert.deepEqual(inspectImage(face.bytes), { type: "image/png", width: 240, height: 320 });
  });

  test("a passport has a front only", async () => {
    const account = await jumio.createAccount(accountRequest());
    mock.complete(account.workflowExecution.id, { documentType: "PASSPORT" });
    const idCredential = account.workflowExecution.credentials?.[0]?.id ?? "";
    await rejectsWithStatus(jumio.getCredentialPart(account.account.id, idCredential, "BACK"), 404);
  });

  test("unknown ids are 404", async () => {
    const account = await jumio.createAccount(accountRequest());
    const unknown = "99999999-9999-9999-9999-999999999999";
    await rejectsWithStatus(jumio.getWorkflowStatus(account.account.id, unknown), 404);
    await rejectsWithStatus(jumio.getWorkflowDetails(unknown, account.workflowExecution.id), 404);
    await rejectsWithStatus(jumio.getWorkflowSteps(unknown, unknown), 404);
    await rejectsWithStatus(jumio.getCredentialPart(account.account.id, unknown, "FRONT"), 404);
    await rejectsWithStatus(jumio.deleteAccount(unknown), 404);
  });
});

describe("Delete", () => {
  test("deleting a workflow removes it and leaves the account", async () => {
    const account = await jumio.createAccount(accountRequest());
    const next = await jumio.updateAccount(account.account.id, accountRequest());
    await jumio.deleteWorkflow(account.account.id, account.workflowExecution.id);
    await rejectsWithStatus(jumio.getWorkflowStatus(account.account.id, account.workflowExecution.id), 404);
    const status = await jumio.getWorkflowStatus(account.account.id, next.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "INITIATED");
    await rejectsWithStatus(jumio.deleteWorkflow(account.account.id, account.workflowExecution.id), 404);
  });

  test("deleting an account removes its workflows and images", async () => {
    const account = await jumio.createAccount(accountRequest());
    mock.complete(account.workflowExecution.id);
    const idCredential = account.workflowExecution.credentials?.[0]?.id ?? "";
    await jumio.deleteAccount(account.account.id);
    await rejectsWithStatus(jumio.getWorkflowDetails(account.account.id, account.workflowExecution.id), 404);
    await rejectsWithStatus(jumio.getCredentialPart(account.account.id, idCredential, "FRONT"), 404);
    await rejectsWithStatus(jumio.updateAccount(account.account.id, accountRequest()), 404);
  });
});

describe("API channel", () => {
  async function sampleFront(): Promise<Uint8Array> {
    const account = await jumio.createAccount(accountRequest());
    mock.complete(account.workflowExecution.id, { documentType: "ID_CARD" });
    const credential = account.workflowExecution.credentials?.[0]?.id ?? "";
    return (await jumio.getCredentialPart(account.account.id, credential, "FRONT")).bytes;
  }

  /** A new workflow's ids and credentials, and a PNG to upload. */
  async function uploadSetup() {
    const image = await sampleFront();
    const account = await jumio.createAccount(accountRequest());
    const [id, selfie] = account.workflowExecution.credentials ?? [];
    return {
      image,
      account,
      accountId: account.account.id,
      workflowExecutionId: account.workflowExecution.id,
      id,
      selfie,
    };
  }

  test("takes a part upload of almost the guide's 5 MB, past toNodeListener's default cap", async () => {
    const { accountId, workflowExecutionId, id } = await uploadSetup();
    const large = new Uint8Array(4_900_000);
    large.set(png(1000, 1000));
    const uploaded = await jumio.uploadPart({
      accountId,
      workflowExecutionId,
      credentialId: id?.id ?? "",
      classifier: "FRONT",
      file: large,
    });
    assert.equal(uploaded.workflowExecution.id, workflowExecutionId);
    assert.equal((await jumio.getCredentialPart(accountId, id?.id ?? "", "FRONT")).bytes.byteLength, large.byteLength);
  });

  test("uploads parts, finalizes to PROCESSED and serves the uploaded bytes back", async () => {
    const { image, accountId, workflowExecutionId, id, selfie } = await uploadSetup();
    const uploaded = await jumio.uploadPart({
      accountId,
      workflowExecutionId,
      credentialId: id?.id ?? "",
      classifier: "FRONT",
      file: image,
    });
    assert.equal(uploaded.account.id, accountId);
    assert.equal(uploaded.workflowExecution.id, workflowExecutionId);
    assert.deepEqual(uploaded.api?.parts, id?.api?.parts);
    await jumio.uploadPart({
      accountId,
      workflowExecutionId,
      credentialId: selfie?.id ?? "",
      classifier: "FACE",
      file: new Blob([image]),
    });

    const finalized = await jumio.finalizeWorkflow(accountId, workflowExecutionId);
    assert.deepEqual(finalized.workflowExecution, { id: workflowExecutionId });
    assert.equal((await jumio.getWorkflowStatus(accountId, workflowExecutionId)).workflowExecution.status, "PROCESSED");
    const back = await jumio.getCredentialPart(accountId, id?.id ?? "", "FRONT");
    assert.deepEqual(back.bytes, image);

    const details = await jumio.getWorkflowDetails(accountId, workflowExecutionId);
    const usability = details.capabilities?.usability ?? [];
    assert.deepEqual(
      usability.map(({ decision }) => decision.details?.label),
      ["OK", "OK", "NOT_UPLOADED"],
      "the facemap was never uploaded",
    );
    assert.equal(details.capabilities?.liveness?.[0]?.decision.details?.label, "PRECONDITION_NOT_FULFILLED");
    assert.equal(details.decision?.type, "NOT_EXECUTED");
  });

  test("refuses a part the credential does not take, a non-image, and uploads after finalize", async () => {
    const { image, accountId, workflowExecutionId, id, selfie } = await uploadSetup();
    const path = (credential: string, classifier: string) =>
      `/api/v1/accounts/${accountId}/workflow-executions/${workflowExecutionId}/credentials/${credential}/parts/${classifier}`;
    const form = (bytes: Uint8Array) => {
      const body = new FormData();
      body.append("file", new Blob([new Uint8Array(bytes)]), "part.png");
      return body;
    };

    const wrongPart = await bearerFetch(mock, path(selfie?.id ?? "", "FRONT"), { method: "POST", body: form(image) });
    assert.equal(wrongPart.status, 400);
    assert.equal(((await wrongPart.json()) as { issues: { path: string }[] }).issues[0]?.path, "classifier");

    const text = await bearerFetch(mock, path(id?.id ?? "", "FRONT"), {
      method: "POST",
      body: form(new TextEncoder().encode("hello")),
    });
    assert.equal(text.status, 400);
    assert.deepEqual(((await text.json()) as { issues: unknown }).issues, [
      { path: "file", message: "must be a JPEG or PNG image" },
    ]);

    const noFile = await bearerFetch(mock, path(id?.id ?? "", "FRONT"), { method: "POST", body: new FormData() });
    assert.equal(noFile.status, 400);

    await jumio.finalizeWorkflow(accountId, workflowExecutionId);
    const late = await bearerFetch(mock, path(id?.id ?? "", "FRONT"), { method: "POST", body: form(image) });
    assert.equal(late.status, 403);
    await rejectsWithStatus(jumio.finalizeWorkflow(accountId, workflowExecutionId), 403);
  });

  test("accepts the workflow's api.token as bearer", async () => {
    const { image, id } = await uploadSetup();
    const body = new FormData();
    body.append("file", new Blob([new Uint8Array(image)], { type: "image/png" }), "front.png");
    const response = await fetch(id?.api?.parts?.front ?? "", {
      method: "POST",
      headers: { Authorization: `Bearer ${id?.api?.token}`, "User-Agent": USER_AGENT },
      body,
    });
    assert.equal(response.status, 200);
    const other = await jumio.createAccount(accountRequest());
    const foreign = await fetch(other.workflowExecution.credentials?.[0]?.api?.parts?.front ?? "", {
      method: "POST",
      headers: { Authorization: `Bearer ${id?.api?.token}`, "User-Agent": USER_AGENT },
      body,
    });
    assert.equal(foreign.status, 401, "a workflow's token is good for that workflow only");
  });
});

describe("service status", () => {
  test("is UP", async () => {
    assert.deepEqual(await jumio.getServiceStatus(), { status: "UP" });
  });
});

describe("errors of the mock itself", () => {
  test("an unknown path is a 404 and a wrong method a 405, both JSON", async () => {
    const unknown = await fetch(`${mock.url}/api/v2/nothing`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { status: number }).status, 404);
    const wrongMethod = await fetch(`${mock.url}/status`, { method: "DELETE" });
    assert.equal(wrongMethod.status, 405);
  });

  test("a response that breaks the client's schema surfaces as JumioResponseError (through failNext's body)", async () => {
    mock.failNext({ path: "/status", status: 200, body: { status: 42 } });
    await assert.rejects(jumio.getServiceStatus(), JumioResponseError);
    assert.deepEqual(await jumio.getServiceStatus(), { status: "UP" });
  });
});
