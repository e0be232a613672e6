import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { admitsJson } from "../../src/mock/guards.js";
import type { MockJumio } from "../../src/mock/index.js";
import type { JumioClient } from "../../src/server/index.js";
import { accountRequest, bearerFetch, issueAccessToken, rawRequest, startMock, USER_AGENT } from "./support.js";

let mock: MockJumio;
let jumio: JumioClient;

before(async () => {
  ({ mock, jumio } = await startMock());
});
after(() => mock.close());

const messageOf = async (response: Response) => ((await response.json()) as { message: string }).message;

// Guide: "Calls with missing or suspicious headers, suspicious parameter values, or without
// OAuth2 will result in HTTP status code 403 Forbidden", and it lists Accept: application/json
// and Content-Type: application/json among the required headers of these calls.
describe("the guide's required headers", () => {
  const body = JSON.stringify(accountRequest());

  test("Account Create without an Accept that admits JSON, or without Content-Type: application/json, is a 403 naming the header, and creates nothing", async () => {
    const refusals: [Record<string, string>, RegExp][] = [
      [{ Accept: "", "Content-Type": "application/json" }, /Accept/],
      [{ Accept: "text/html", "Content-Type": "application/json" }, /Accept/],
      [{ Accept: "application/json;q=0, */*", "Content-Type": "application/json" }, /Accept/],
      [{ "Content-Type": "text/plain" }, /Content-Type/],
      [{ "Content-Type": "application/x-www-form-urlencoded" }, /Content-Type/],
    ];
    for (const [headers, header] of refusals) {
      const response = await bearerFetch(mock, "/api/v1/accounts", { method: "POST", headers, body });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.match(await messageOf(response), header);
    }
    const untyped = await bearerFetch(mock, "/api/v1/accounts", {
      method: "POST",
      body: new TextEncoder().encode(body),
    });
    assert.equal(untyped.status, 403);
    assert.match(await messageOf(untyped), /The Content-Type header must be application\/json/);
    assert.deepEqual(mock.accounts(), []);
  });

  test("Account Update and finalize need them too, and change nothing without them", async () => {
    const account = await jumio.createAccount(accountRequest());
    const ids = [account.account.id, account.workflowExecution.id] as const;
    const update = await bearerFetch(mock, `/api/v1/accounts/${ids[0]}`, {
      method: "PUT",
      headers: { Accept: "" },
      body,
    });
    assert.equal(update.status, 403);
    assert.match(await messageOf(update), /The Accept header must admit application\/json/);
    const finalize = await bearerFetch(mock, `/api/v1/accounts/${ids[0]}/workflow-executions/${ids[1]}`, {
      method: "PUT",
    });
    assert.equal(finalize.status, 403);
    assert.match(await messageOf(finalize), /Content-Type/);
    assert.deepEqual(mock.accounts().find(({ id }) => id === ids[0])?.workflowExecutionIds, [ids[1]]);
    assert.equal(
      mock.workflows().find(({ workflowExecutionId }) => workflowExecutionId === ids[1])?.status,
      "INITIATED",
    );
  });

  test("Retrieval's GETs need Accept and Content-Type: application/json too, as its list says", async () => {
    const account = await jumio.createAccount(accountRequest());
    const workflow = `/api/v1/accounts/${account.account.id}/workflow-executions/${account.workflowExecution.id}`;
    for (const path of [workflow, `${workflow}/status`, `${workflow}/steps`]) {
      const json = { Accept: "application/json", "Content-Type": "application/json" };
      assert.equal((await bearerFetch(mock, path, { headers: json })).status, 200, path);
      const refusals: [Record<string, string>, RegExp][] = [
        [{ Accept: "image/png", "Content-Type": "application/json" }, /Accept/],
        [{ Accept: "application/json" }, /Content-Type header must be application\/json/],
      ];
      for (const [headers, header] of refusals) {
        const response = await bearerFetch(mock, path, { headers });
        assert.equal(response.status, 403, `${path} ${JSON.stringify(headers)}`);
        assert.match(await messageOf(response), header);
      }
    }
    const image = `/api/v1/accounts/${account.account.id}/credentials/unknown/parts/FRONT`;
    assert.equal((await bearerFetch(mock, image, { headers: { Accept: "application/json" } })).status, 403);
  });

  test("an API-channel part upload needs Content-Type: multipart/form-data, and stores nothing without it", async () => {
    const account = await jumio.createAccount(accountRequest());
    const [credential] = account.workflowExecution.credentials ?? [];
    const part = new URL(credential?.api?.parts?.front ?? assert.fail("no API-channel part URL")).pathname;
    const upload = await bearerFetch(mock, part, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array([0xff, 0xd8, 0xff]),
    });
    assert.equal(upload.status, 403);
    assert.match(await messageOf(upload), /Content-Type header must be multipart\/form-data/);
    const stored = await bearerFetch(mock, part.replace(/\/workflow-executions\/[^/]+/, ""), {
      headers: { "Content-Type": "application/json" },
    });
    assert.equal(stored.status, 404, "no part was stored");
    assert.equal(await messageOf(stored), "Image not found.");
  });

  test("the Status API needs Accept and User-Agent only: the guide's curl example passes", async () => {
    assert.equal((await rawRequest(new URL("/status", mock.url).href)).status, 403, "no User-Agent");
    const asCurl = { headers: { Accept: "*/*", "User-Agent": "curl/8.5.0" } };
    assert.equal((await rawRequest(new URL("/status", mock.url).href, asCurl)).status, 200);
  });

  test("admitsJson: the most specific range decides", () => {
    for (const accept of [
      "application/json",
      "*/*",
      "application/*",
      "text/html, application/json;q=0.5",
      "Application/JSON; charset=utf-8",
    ]) {
      assert.equal(admitsJson(accept), true, accept);
    }
    for (const accept of [null, "", "text/html", "application/xml", "application/json;q=0", "application/*;q=0, */*"]) {
      assert.equal(admitsJson(accept), false, String(accept));
    }
  });
});

describe("the address it listens on", () => {
  test("is a loopback one only: another is a RangeError before anything listens", async () => {
    for (const host of ["0.0.0.0", "::", "192.0.2.1", "example.com", "127.0.0.1.example"]) {
      await assert.rejects(startMock({ host }), (error: Error) => {
        assert.ok(error instanceof RangeError);
        assert.match(
          error.message,
          new RegExp(`^host must be a loopback address .*, not ${host.replaceAll(".", "\\.")}: `),
        );
        return true;
      });
    }
  });

  test("may be any loopback address, IPv6 included", async (t) => {
    for (const [host, origin] of [
      ["::1", /^http:\/\/\[::1\]:\d+$/],
      ["127.0.0.2", /^http:\/\/127\.0\.0\.2:\d+$/],
    ] as const) {
      const { mock: other, jumio: client } = await startMock({ host });
      t.after(() => other.close());
      assert.match(other.url, origin);
      const account = await client.createAccount(accountRequest());
      assert.equal(new URL(account.web?.href ?? "").origin, other.url);
    }
  });
});

describe("the Host header (DNS rebinding)", () => {
  const port = () => new URL(mock.url).port;
  const as = (host: string, path: string, init: Parameters<typeof rawRequest>[1] = {}) =>
    rawRequest(new URL(path, mock.url).href, {
      ...init,
      headers: { Accept: "application/json", "User-Agent": USER_AGENT, ...init.headers, Host: host },
    });

  test("a foreign Host is refused with 421 on the web client, the control API and Jumio's API, and nothing is done", async () => {
    const account = await jumio.createAccount(accountRequest());
    const attacker = `attacker.example:${port()}`;
    const page = await as(attacker, account.web?.href ?? "");
    assert.equal(page.status, 421);
    assert.match(
      JSON.parse(page.body).message,
      new RegExp(`answers to Host 127\\.0\\.0\\.1:${port()}.* only, not attacker\\.example`),
    );
    const json = { "Content-Type": "application/json" };
    assert.equal((await as(attacker, "/__mock/reset", { method: "POST", headers: json, body: "{}" })).status, 421);
    const complete = { workflowExecutionId: account.workflowExecution.id };
    assert.equal(
      (await as(attacker, "/__mock/complete", { method: "POST", headers: json, body: JSON.stringify(complete) }))
        .status,
      421,
    );
    const create = await as(attacker, "/api/v1/accounts", {
      method: "POST",
      headers: { ...json, Authorization: `Bearer ${await issueAccessToken(mock)}`, "User-Agent": USER_AGENT },
      body: JSON.stringify(accountRequest()),
    });
    assert.equal(create.status, 421);
    assert.equal((await as(`127.0.0.1:${Number(port()) + 1}`, "/")).status, 421, "another port is another host");

    assert.deepEqual(
      mock
        .accounts()
        .map(({ id }) => id)
        .slice(-1),
      [account.account.id],
      "not reset, nothing created",
    );
    const summary = mock
      .workflows()
      .find(({ workflowExecutionId }) => workflowExecutionId === account.workflowExecution.id);
    assert.equal(summary?.status, "INITIATED");
    assert.equal(summary?.startedAt, undefined, "the page was not opened");
  });

  test("its own address and the other loopback names of its port are served", async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LOCALHOST:${port()}`, `[::1]:${port()}`]) {
      assert.equal((await as(host, "/status")).status, 200, host);
    }
  });
});
