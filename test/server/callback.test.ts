import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  cachedResolver,
  type HostnameResolver,
  isJumioCallbackAddress,
  JUMIO_CALLBACK_HOSTNAMES,
  JumioValidationError,
  parseCallback,
} from "../../src/server/index.js";

const WORKFLOW_ID = "22222222-2222-4222-8222-aaaaaaaaaaaa";
const ACCOUNT_ID = "11111111-1111-4111-8111-aaaaaaaaaaaa";

/** The guide's callback example, with UUIDs where the guide writes xxxx. */
const CALLBACK = {
  callbackSentAt: "2021-01-21T14:55:01.917Z",
  workflowExecution: {
    id: WORKFLOW_ID,
    href: `https://retrieval.apac-1.jumio.ai/api/v1/accounts/${ACCOUNT_ID}/workflow-executions/${WORKFLOW_ID}`,
    definitionKey: "3",
    status: "PROCESSED",
  },
  account: {
    id: ACCOUNT_ID,
    href: `https://retrieval.apac-1.jumio.ai/api/v1/accounts/${ACCOUNT_ID}`,
  },
};

/** The example with `value` at the dotted `path`. */
function changed(path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(CALLBACK) as Record<string, unknown>;
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce((node, key) => node[key] as Record<string, unknown>, copy);
  parent[keys.at(-1)!] = value;
  return copy;
}

describe("parseCallback", () => {
  const forms: [name: string, body: unknown][] = [
    ["a parsed object", CALLBACK],
    ["the raw JSON text", JSON.stringify(CALLBACK)],
    ["the raw bytes", Buffer.from(JSON.stringify(CALLBACK))],
  ];
  for (const [name, body] of forms) {
    test(`accepts ${name}`, () => assert.deepEqual(parseCallback(body), CALLBACK));
  }

  const accepted: [name: string, body: Record<string, unknown>][] = [
    ["a callbackSentAt without milliseconds", changed("callbackSentAt", "2021-01-21T14:55:01Z")],
    ["ids in upper case", changed("account.id", ACCOUNT_ID.toUpperCase())],
    ["a SESSION_EXPIRED workflow", changed("workflowExecution.status", "SESSION_EXPIRED")],
    ["a TOKEN_EXPIRED workflow", changed("workflowExecution.status", "TOKEN_EXPIRED")],
    ["strings at their longest", changed("userReference", "u".repeat(100))],
  ];
  for (const [name, body] of accepted) {
    test(`accepts ${name}`, () => assert.deepEqual(parseCallback(body), body));
  }

  test("keeps userReference and fields Jumio adds later", () => {
    const later = { ...CALLBACK, userReference: "user-7", region: "apac-1" };
    assert.deepEqual(parseCallback(later), later);
  });

  const broken: [name: string, body: unknown, paths: string[]][] = [
    ["text that is not JSON", "callbackSentAt=now", [""]],
    ["a missing workflow id", { ...CALLBACK, workflowExecution: { status: "PROCESSED" } }, ["workflowExecution.id"]],
    ["a missing account", { ...CALLBACK, account: undefined }, ["account"]],
    [
      "a status of the wrong type",
      { ...CALLBACK, workflowExecution: { ...CALLBACK.workflowExecution, status: 3 } },
      ["workflowExecution.status"],
    ],
    ["no body at all", undefined, [""]],
    [
      "the guide's placeholder workflow id",
      changed("workflowExecution.id", "22222222-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
      ["workflowExecution.id"],
    ],
    ["a workflow id that is not a UUID", changed("workflowExecution.id", "../../admin"), ["workflowExecution.id"]],
    ["a UUID without its hyphens", changed("account.id", "111111111111411181111aaaaaaaaaaaa"), ["account.id"]],
    ["an account id with a trailing newline", changed("account.id", `${ACCOUNT_ID}\n`), ["account.id"]],
    ["callbackSentAt yesterday", changed("callbackSentAt", "yesterday"), ["callbackSentAt"]],
    ["a callbackSentAt of month 13, day 45", changed("callbackSentAt", "2021-13-45T14:55:01.917Z"), ["callbackSentAt"]],
    [
      "a callbackSentAt of February 29 in 2021",
      changed("callbackSentAt", "2021-02-29T14:55:01.917Z"),
      ["callbackSentAt"],
    ],
    ["a callbackSentAt with an offset", changed("callbackSentAt", "2021-01-21T15:55:01.917+01:00"), ["callbackSentAt"]],
    ["a callbackSentAt without seconds", changed("callbackSentAt", "2021-01-21T14:55Z"), ["callbackSentAt"]],
    ["a status the guide does not list", changed("workflowExecution.status", "ACQUIRED"), ["workflowExecution.status"]],
    ["a status in lower case", changed("workflowExecution.status", "processed"), ["workflowExecution.status"]],
    ["a userReference over 100 characters", changed("userReference", "u".repeat(101)), ["userReference"]],
    [
      "a workflow href over 2048 characters",
      changed("workflowExecution.href", `https://x.test/${"a".repeat(2034)}`),
      ["workflowExecution.href"],
    ],
    ["an account href over 2048 characters", changed("account.href", "a".repeat(2049)), ["account.href"]],
    [
      "a definitionKey over 100 characters",
      changed("workflowExecution.definitionKey", "9".repeat(101)),
      ["workflowExecution.definitionKey"],
    ],
  ];
  for (const [name, body, paths] of broken) {
    test(`refuses ${name}, naming the path`, () => {
      assert.throws(
        () => parseCallback(body),
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

describe("isJumioCallbackAddress", () => {
  const addresses = ["34.212.1.10", "34.212.1.11", "2600:1f14:abc::10"];
  const asked: string[] = [];
  const resolve: HostnameResolver = async (hostname) => {
    asked.push(hostname);
    return addresses;
  };

  test("looks up the data center's hostname from the guide", async () => {
    for (const dataCenter of ["US", "EU", "SGP"] as const)
      await isJumioCallbackAddress("34.212.1.10", { dataCenter, resolve });
    assert.deepEqual(asked.splice(0), ["callback.jumio.com", "callback.lon.jumio.com", "callback.core-sgp.jumio.com"]);
    assert.deepEqual(Object.values(JUMIO_CALLBACK_HOSTNAMES), [
      "callback.jumio.com",
      "callback.lon.jumio.com",
      "callback.core-sgp.jumio.com",
    ]);
  });

  test("takes the client's region instead: amer-1 is US, emea-1 EU, apac-1 SGP", async () => {
    for (const region of ["amer-1", "emea-1", "apac-1"] as const)
      await isJumioCallbackAddress("34.212.1.10", { region, resolve });
    assert.deepEqual(asked.splice(0), ["callback.jumio.com", "callback.lon.jumio.com", "callback.core-sgp.jumio.com"]);
  });

  test("an unknown data center or region is a JumioValidationError, not a lookup of undefined", async () => {
    for (const options of [{ dataCenter: "us" }, { region: "mars-1" }, { dataCenter: "constructor" }]) {
      await assert.rejects(
        isJumioCallbackAddress("34.212.1.10", { ...(options as { dataCenter: "US" }), resolve }),
        (error) => error instanceof JumioValidationError && error.issues[0]?.path === "dataCenter",
      );
    }
    assert.deepEqual(asked.splice(0), []);
  });

  const cases: [address: string, expected: boolean][] = [
    ["34.212.1.11", true],
    ["::ffff:34.212.1.10", true],
    ["2600:1f14:0abc:0:0:0:0:0010", true],
    ["34.212.1.12", false],
    ["2600:1f14:abc::11", false],
    ["callback.jumio.com", false],
    ["", false],
  ];
  for (const [address, expected] of cases) {
    test(`${JSON.stringify(address)} is ${expected ? "" : "not "}a callback address`, async () => {
      assert.equal(await isJumioCallbackAddress(address, { dataCenter: "US", resolve }), expected);
    });
  }

  test("a failed lookup rejects rather than answering either way", async () => {
    const failing: HostnameResolver = async () => {
      throw Object.assign(new Error("queryA ETIMEOUT callback.jumio.com"), { code: "ETIMEOUT" });
    };
    await assert.rejects(isJumioCallbackAddress("34.212.1.10", { dataCenter: "US", resolve: failing }), {
      code: "ETIMEOUT",
    });
  });
});

describe("cachedResolver", () => {
  /** A resolver that counts its lookups and answers them when told. */
  function countingResolver() {
    const lookups: { hostname: string; answer(addresses: string[]): void; fail(error: Error): void }[] = [];
    const resolve: HostnameResolver = (hostname) =>
      new Promise((answer, fail) => lookups.push({ hostname, answer, fail }));
    return { resolve, lookups };
  }
  function clock() {
    const time = { now: 0 };
    return { time, now: () => time.now };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test("an answer is used for ttlMs, then looked up again", async () => {
    const { resolve, lookups } = countingResolver();
    const { time, now } = clock();
    const cached = cachedResolver(resolve, { now });
    const first = cached("callback.jumio.com");
    lookups[0]!.answer(["34.212.1.10"]);
    assert.deepEqual(await first, ["34.212.1.10"]);
    time.now = 59_999;
    assert.deepEqual(await cached("callback.jumio.com"), ["34.212.1.10"]);
    assert.equal(lookups.length, 1);
    time.now = 60_000;
    const second = cached("callback.jumio.com");
    await settle();
    assert.equal(lookups.length, 2);
    lookups[1]!.answer(["34.212.1.11"]);
    assert.deepEqual(await second, ["34.212.1.11"]);
  });

  test("concurrent calls share one lookup; each hostname has its own", async () => {
    const { resolve, lookups } = countingResolver();
    const cached = cachedResolver(resolve);
    const answers = Promise.all(Array.from({ length: 20 }, () => cached("callback.jumio.com")));
    const other = cached("callback.lon.jumio.com");
    await settle();
    assert.deepEqual(
      lookups.map(({ hostname }) => hostname),
      ["callback.jumio.com", "callback.lon.jumio.com"],
    );
    lookups[0]!.answer(["34.212.1.10"]);
    lookups[1]!.answer(["18.1.1.1"]);
    assert.deepEqual(new Set((await answers).flat()), new Set(["34.212.1.10"]));
    assert.deepEqual(await other, ["18.1.1.1"]);
  });

  test("a failure is not kept: the next call looks up again", async () => {
    const { resolve, lookups } = countingResolver();
    const cached = cachedResolver(resolve);
    const failed = cached("callback.jumio.com");
    await settle();
    lookups[0]!.fail(new Error("queryA ETIMEOUT"));
    await assert.rejects(failed, /ETIMEOUT/);
    const retried = cached("callback.jumio.com");
    await settle();
    assert.equal(lookups.length, 2);
    lookups[1]!.answer(["34.212.1.10"]);
    assert.deepEqual(await retried, ["34.212.1.10"]);
  });

  test("a failed refresh uses the last answer for staleMs past its TTL, then rejects", async () => {
    const { resolve, lookups } = countingResolver();
    const { time, now } = clock();
    const cached = cachedResolver(resolve, { ttlMs: 1_000, staleMs: 5_000, now });
    const first = cached("callback.jumio.com");
    lookups[0]!.answer(["34.212.1.10"]);
    await first;
    const refreshes = [
      [5_999, ["34.212.1.10"]],
      [6_000, undefined],
    ] as const;
    for (const [at, expected] of refreshes) {
      time.now = at;
      const refreshed = cached("callback.jumio.com");
      await settle();
      lookups.at(-1)!.fail(new Error("queryA ESERVFAIL"));
      if (expected) assert.deepEqual(await refreshed, expected);
      else await assert.rejects(refreshed, /ESERVFAIL/);
    }
    assert.equal(lookups.length, 3, "each failed refresh was a lookup of its own");
  });

  test("staleMs 0 never uses an expired answer", async () => {
    const { resolve, lookups } = countingResolver();
    const { time, now } = clock();
    const cached = cachedResolver(resolve, { ttlMs: 1_000, staleMs: 0, now });
    const first = cached("callback.jumio.com");
    lookups[0]!.answer(["34.212.1.10"]);
    await first;
    time.now = 1_000;
    const refreshed = cached("callback.jumio.com");
    await settle();
    lookups[1]!.fail(new Error("queryA ESERVFAIL"));
    await assert.rejects(refreshed, /ESERVFAIL/);
  });

  test("a resolver that throws instead of rejecting is a rejection", async () => {
    const cached = cachedResolver(() => {
      throw new Error("sync failure");
    });
    await assert.rejects(cached("callback.jumio.com"), /sync failure/);
  });
});
