import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { MockJumio } from "../../src/mock/index.js";
import {
  createJumioClient,
  type JumioEnv,
  JumioValidationError,
  jumioClientOptionsFromEnv,
} from "../../src/server/index.js";
import { accountRequest, startMock, USER_AGENT } from "./support.js";

let mock: MockJumio;

before(async () => {
  ({ mock } = await startMock());
});
after(() => mock.close());

const mockEnv = (): JumioEnv => ({
  JUMIO_CLIENT_ID: mock.clientId,
  JUMIO_CLIENT_SECRET: mock.clientSecret,
  JUMIO_BASE_URL: mock.url,
});

/** Asserts that the environment is refused with exactly these issues, and returns the error's message. */
function refused(env: JumioEnv, issues: { path: string; message: RegExp }[]): string {
  let message = "";
  assert.throws(
    () => jumioClientOptionsFromEnv(env),
    (error: unknown) => {
      assert.ok(error instanceof JumioValidationError);
      assert.deepEqual(
        error.issues.map((issue) => issue.path),
        issues.map((issue) => issue.path),
      );
      for (const [index, issue] of error.issues.entries()) assert.match(issue.message, issues[index]!.message);
      for (const { path } of issues) assert.ok(error.message.includes(path), `the message names ${path}`);
      message = error.message;
      return true;
    },
  );
  return message;
}

describe("jumioClientOptionsFromEnv against the mock", () => {
  test("points every service at JUMIO_BASE_URL: the mock's own baseUrls", () => {
    assert.deepEqual(jumioClientOptionsFromEnv(mockEnv()), {
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      region: "amer-1",
      baseUrls: mock.baseUrls,
    });
    assert.deepEqual(
      jumioClientOptionsFromEnv({ ...mockEnv(), JUMIO_BASE_URL: `${mock.url}/` }).baseUrls,
      mock.baseUrls,
    );
  });

  test("gives a client that creates an account and retrieves its workflow", async () => {
    const jumio = createJumioClient({ ...jumioClientOptionsFromEnv(mockEnv()), userAgent: USER_AGENT });
    const account = await jumio.createAccount(accountRequest());
    assert.equal(new URL(account.web?.href ?? "").origin, mock.url);
    const status = await jumio.getWorkflowStatus(account.account.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "INITIATED");
    assert.equal((await jumio.getServiceStatus()).status, "UP");
  });

  test("with wrong credentials the mock refuses the client's token request", async () => {
    const env = { ...mockEnv(), JUMIO_CLIENT_SECRET: "not-the-mock-secret" };
    const jumio = createJumioClient({ ...jumioClientOptionsFromEnv(env), userAgent: USER_AGENT });
    await assert.rejects(jumio.createAccount(accountRequest()), { name: "JumioApiError", status: 403 });
  });
});

describe("jumioClientOptionsFromEnv for the real Jumio", () => {
  test("without JUMIO_BASE_URL: the region's hosts, no baseUrls", () => {
    assert.deepEqual(
      jumioClientOptionsFromEnv({ JUMIO_CLIENT_ID: "id", JUMIO_CLIENT_SECRET: "secret", JUMIO_REGION: "emea-1" }),
      { clientId: "id", clientSecret: "secret", region: "emea-1" },
    );
  });

  test("an empty JUMIO_BASE_URL is unset, as `JUMIO_BASE_URL=` in a .env file", () => {
    const env = { JUMIO_CLIENT_ID: "id", JUMIO_CLIENT_SECRET: "secret", JUMIO_REGION: "apac-1", JUMIO_BASE_URL: "" };
    assert.deepEqual(jumioClientOptionsFromEnv(env), { clientId: "id", clientSecret: "secret", region: "apac-1" });
  });

  test("reads process.env's shape, ignoring other variables", () => {
    const env: NodeJS.ProcessEnv = { ...mockEnv(), PATH: "/usr/bin", JUMIO_REGION: "apac-1" };
    assert.equal(jumioClientOptionsFromEnv(env).region, "apac-1");
  });
});

describe("jumioClientOptionsFromEnv refuses", () => {
  test("an empty environment, naming each variable it needs", () => {
    refused({}, [
      { path: "JUMIO_CLIENT_ID", message: /is required: the API token/ },
      { path: "JUMIO_CLIENT_SECRET", message: /is required: the API secret/ },
      { path: "JUMIO_REGION", message: /is required \(amer-1, emea-1, apac-1\), unless JUMIO_BASE_URL is set/ },
    ]);
  });

  test("empty credentials as missing ones", () => {
    refused({ ...mockEnv(), JUMIO_CLIENT_ID: "", JUMIO_CLIENT_SECRET: "" }, [
      { path: "JUMIO_CLIENT_ID", message: /is required/ },
      { path: "JUMIO_CLIENT_SECRET", message: /is required/ },
    ]);
  });

  test("a missing secret alone", () => {
    refused({ ...mockEnv(), JUMIO_CLIENT_SECRET: undefined }, [{ path: "JUMIO_CLIENT_SECRET", message: /required/ }]);
  });

  test("an unknown region, with or without a base URL", () => {
    const real = { JUMIO_CLIENT_ID: "id", JUMIO_CLIENT_SECRET: "secret", JUMIO_REGION: "us-east-1" };
    refused(real, [{ path: "JUMIO_REGION", message: /must be one of amer-1, emea-1, apac-1/ }]);
    refused({ ...mockEnv(), JUMIO_REGION: "AMER-1" }, [{ path: "JUMIO_REGION", message: /must be one of/ }]);
  });

  const badUrls: [string, RegExp][] = [
    ["127.0.0.1:5174", /must be an absolute URL such as http:\/\/127\.0\.0\.1:5174/],
    ["not a url", /must be an absolute URL/],
    ["localhost:5174", /must be an http: or https: URL/],
    ["ftp://127.0.0.1:5174", /must be an http: or https: URL/],
    ["http://127.0.0.1:5174/jumio", /must be an origin .* without a path, query or fragment/],
    ["http://127.0.0.1:5174/oauth2/token", /without a path/],
    ["http://127.0.0.1:5174/?region=amer-1", /without a path, query/],
    ["http://127.0.0.1:5174/#top", /or fragment/],
  ];
  for (const [url, message] of badUrls) {
    test(`JUMIO_BASE_URL=${url}`, () => {
      refused({ ...mockEnv(), JUMIO_BASE_URL: url }, [{ path: "JUMIO_BASE_URL", message }]);
    });
  }

  test("a JUMIO_BASE_URL with credentials, without repeating them", () => {
    for (const url of ["http://user:hunter2@127.0.0.1:5174", "http://hunter2@127.0.0.1:5174"]) {
      const message = refused({ ...mockEnv(), JUMIO_BASE_URL: url }, [
        { path: "JUMIO_BASE_URL", message: /must not hold credentials: JUMIO_CLIENT_ID and JUMIO_CLIENT_SECRET do/ },
      ]);
      assert.ok(!message.includes("hunter2"), message);
    }
  });

  test("every problem at once, never quoting the secret", () => {
    const env = { JUMIO_CLIENT_SECRET: "s3cret-value", JUMIO_REGION: "mars", JUMIO_BASE_URL: "ftp://proxy" };
    const message = refused(env, [
      { path: "JUMIO_CLIENT_ID", message: /required/ },
      { path: "JUMIO_REGION", message: /must be one of/ },
      { path: "JUMIO_BASE_URL", message: /http: or https:/ },
    ]);
    assert.ok(!message.includes("s3cret-value"), message);
  });
});
