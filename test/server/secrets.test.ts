import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import { createJumioClient, type JumioClient, JumioError } from "../../src/server/index.js";
import { CLIENT_ID, testClient, USER_AGENT } from "./support/client.js";
import {
  type FakeJumio,
  type Received,
  type Reply,
  startFakeJumio,
  TOKEN_PATH,
  tokenReply,
} from "./support/fake-jumio.js";
import { ACCOUNT_ID, accountRequest, WORKFLOW_ID } from "./support/fixtures.js";

/** Its Basic form holds a "/" too, which JSON encoders of other stacks write as "\/". */
const SECRET = "p@ss/w+rd=Cl1ent-Secret???";
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.access/token+payload.signature";
const BASIC = Buffer.from(`${CLIENT_ID}:${SECRET}`).toString("base64");
const FORBIDDEN = [SECRET, encodeURIComponent(SECRET), BASIC, ACCESS_TOKEN];

let fake: FakeJumio | undefined;
afterEach(() => fake?.close());

/** What a careless proxy might answer: the request's credentials, and the secret for good measure. */
function echo(request: Received, status: number): Reply {
  return {
    status,
    json: { authorization: request.headers.authorization, secret: SECRET, encoded: encodeURIComponent(SECRET) },
  };
}

function assertNoSecret(error: unknown) {
  assert.ok(error instanceof JumioError, `expected a JumioError, got ${String(error)}`);
  const renderings = {
    string: String(error),
    message: error.message,
    stack: error.stack ?? "",
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
  };
  for (const [how, text] of Object.entries(renderings)) {
    for (const secret of FORBIDDEN) assert.ok(!text.includes(secret), `${how} of ${error.name} reveals ${secret}`);
  }
}

async function provoke(
  route: (request: Received) => Reply | undefined,
  call: (jumio: JumioClient) => Promise<unknown>,
  options = {},
) {
  fake = await startFakeJumio(route);
  const jumio = testClient(fake, { clientSecret: SECRET, ...options });
  const error = await call(jumio).then(
    () => assert.fail("expected the call to fail"),
    (thrown: unknown) => thrown,
  );
  assertNoSecret(error);
  return error as JumioError;
}

const getStatus = (jumio: JumioClient) => jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
const withToken = (answer: (request: Received) => Reply) => (request: Received) =>
  request.path === TOKEN_PATH ? tokenReply(ACCESS_TOKEN) : answer(request);

test("JumioApiError from the token URL echoing the Basic credentials and the secret", async () => {
  const error = await provoke((request) => echo(request, 401), getStatus);
  assert.deepEqual(error.toJSON().body, {
    authorization: "Basic [redacted]",
    secret: "[redacted]",
    encoded: "[redacted]",
  });
});

/** JSON as Java's and PHP's encoders write it, "/" escaped as "\/". */
const slashEscaped = (value: unknown) => JSON.stringify(value).replaceAll("/", "\\/");

/** JSON with every character of every string written as a \uXXXX escape. */
function unicodeEscaped(value: Record<string, string>): string {
  const toUnicodeEscapes = (text: string) =>
    [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  return `{${Object.entries(value)
    .map(([key, item]) => `"${toUnicodeEscapes(key)}":"${toUnicodeEscapes(item)}"`)
    .join(",")}}`;
}

const escapings: [name: string, encode: (value: Record<string, string>) => string][] = [
  ["\\/-escaped", slashEscaped],
  ["\\u-escaped", unicodeEscaped],
];
for (const [name, encode] of escapings) {
  test(`JumioApiError from the token URL echoing the Basic credentials and the secret ${name}`, async () => {
    assert.ok(BASIC.includes("/") && SECRET.includes("/"), "the fixture must exercise \\/");
    const error = await provoke(
      (request) => ({
        status: 401,
        headers: { "Content-Type": "application/json" },
        body: encode({ authorization: request.headers.authorization ?? "", secret: SECRET, [SECRET]: "as a key" }),
      }),
      getStatus,
    );
    assert.deepEqual(error.toJSON().body, {
      authorization: "Basic [redacted]",
      secret: "[redacted]",
      "[redacted]": "as a key",
    });
  });

  test(`JumioApiError from a call echoing the bearer token ${name}`, async () => {
    const error = await provoke(
      withToken((request) => ({
        status: 403,
        headers: { "Content-Type": "application/json" },
        body: encode({ authorization: request.headers.authorization ?? "", note: `token ${ACCESS_TOKEN} refused` }),
      })),
      getStatus,
    );
    assert.deepEqual(error.toJSON().body, { authorization: "Bearer [redacted]", note: "token [redacted] refused" });
  });
}

test("JumioApiError from a call echoing the bearer token", async () => {
  const error = await provoke(
    withToken((request) => echo(request, 403)),
    getStatus,
  );
  assert.equal((error.toJSON().body as { authorization: string }).authorization, "Bearer [redacted]");
});

test("JumioApiError with a text body echoing the bearer token", async () => {
  await provoke(
    withToken((request) => ({ status: 500, body: `denied ${request.headers.authorization}` })),
    getStatus,
    {
      retry: { retries: 0 },
    },
  );
});

test("JumioResponseError from a token answer with a bad token_type", async () => {
  await provoke(
    () => ({ json: { access_token: ACCESS_TOKEN, expires_in: 3600, token_type: ACCESS_TOKEN } }),
    getStatus,
  );
});

test("JumioResponseError from a garbage answer echoing the token", async () => {
  await provoke(
    withToken((request) => ({ body: `{ not json ${request.headers.authorization}` })),
    getStatus,
  );
});

test("JumioNetworkError from a fetch whose error message carries the request headers", async () => {
  const leakyFetch: typeof fetch = async (input, init) => {
    const headers = JSON.stringify(init?.headers);
    if (String(input).endsWith(TOKEN_PATH)) return fetch(input, init);
    throw new TypeError("fetch failed", { cause: new Error(`socket hang up, sent ${headers}`) });
  };
  const error = await provoke(
    withToken(() => ({ json: {} })),
    getStatus,
    { fetch: leakyFetch, retry: { retries: 0 } },
  );
  assert.equal(error.code, "network");
  assert.match(error.message, /Bearer \[redacted\]/);
});

test("JumioNetworkError from a dropped connection", async () => {
  await provoke(
    withToken(() => "destroy"),
    getStatus,
  );
});

test("JumioTimeoutError", async () => {
  await provoke(
    withToken(() => "hang"),
    getStatus,
    { timeoutMs: 30, retry: { retries: 0 } },
  );
});

describe("an Account Create answer echoing the request's callbackUrl", () => {
  // The service's per-workflow secret rides in its callbackUrl; a password could too.
  const CALLBACK_SECRET = "kq3Z0b-Xl9v_Yt2wMcPaN4eRs7uD1hFjG6iWoBxEyTA";
  const callbackUrl = `https://hooks:Pa55w0rd-of-hooks@example.com/jumio/callback?v=1&jumio-secret=${CALLBACK_SECRET}`;
  const create = (jumio: JumioClient) => jumio.createAccount({ ...accountRequest(), callbackUrl });
  const echoed = (text: string) => JSON.parse(text) as { callbackUrl: string };

  /** The error's every rendering, checked for the callback URL's secrets as for the client's. */
  function assertNoCallbackSecret(error: JumioError) {
    for (const text of [JSON.stringify(error), inspect(error, { depth: 10 }), String(error)]) {
      assert.ok(!text.includes(CALLBACK_SECRET) && !text.includes("Pa55w0rd-of-hooks"), text);
    }
  }

  test("as JSON: the secret and the password are redacted, short values are kept", async () => {
    const error = await provoke(
      withToken((request) => ({
        status: 400,
        json: { message: `invalid callbackUrl ${echoed(request.text).callbackUrl}` },
      })),
      create,
    );
    assertNoCallbackSecret(error);
    assert.equal(
      (error.toJSON().body as { message: string }).message,
      "invalid callbackUrl https://hooks:[redacted]@example.com/jumio/callback?v=1&jumio-secret=[redacted]",
    );
  });

  test("as text", async () => {
    const plain = await provoke(
      withToken((request) => ({ status: 422, body: `bad: ${request.text}` })),
      create,
    );
    assertNoCallbackSecret(plain);
    assert.match(String(plain.toJSON().body), /jumio-secret=\[redacted\]/);
  });

  test("across the 64 KiB cut: the secret's first 10 characters before it, the rest after", async () => {
    const cut = await provoke(
      withToken((request) => {
        const padding = 64 * 1024 - 10 - request.text.indexOf(CALLBACK_SECRET);
        return { status: 422, body: `${"x".repeat(padding)}${request.text}` };
      }),
      create,
    );
    assert.equal((cut as JumioError & { truncated: boolean }).truncated, true);
    assert.ok(!String(cut.toJSON().body).includes(CALLBACK_SECRET.slice(0, 10)));
  });
});

test("JumioValidationError from a request", async () => {
  await provoke(
    withToken(() => ({ json: {} })),
    (jumio) => jumio.createAccount({ customerInternalReference: "", workflowDefinition: { key: 0 } }),
  );
});

test("JumioValidationError from the client options", () => {
  const options = { clientId: CLIENT_ID, clientSecret: SECRET, region: "mars-1", userAgent: USER_AGENT } as const;
  assert.throws(
    () => createJumioClient(options as never),
    (error) => {
      assertNoSecret(error);
      return true;
    },
  );
});

test("the client object itself shows no secret", async () => {
  fake = await startFakeJumio(
    withToken(() => ({ json: { account: { id: "a" }, workflowExecution: { id: "w", status: "PROCESSED" } } })),
  );
  const jumio = testClient(fake, { clientSecret: SECRET });
  await getStatus(jumio);
  const shown = `${inspect(jumio, { depth: 10, showHidden: true })}${JSON.stringify(jumio)}`;
  for (const secret of FORBIDDEN) assert.ok(!shown.includes(secret));
});
