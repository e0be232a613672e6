import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  cachedResolver,
  isJumioCallbackAddress,
  JUMIO_CALLBACK_HOSTNAMES,
  JumioValidationError,
  parseCallback,
  type HostnameResolver,
} from "../../src/server/index.js";

/** The guide's callback example. */
const CALLBACK = {
  callbackSentAt: "2021-01-21T14:55:01.917Z",
  workflowExecution: {
    id: "22222222-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    href: "https://retrieval.apac-1.jumio.ai/api/v1/accounts/11111111-xxxx-xxxx-xxxx-xxxxxxxxxxxx/workflow-executions/22222222-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    definitionKey: "3",
    status: "PROCESSED",
  },
  account: {
    id: "11111111-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    href: "https://retrieval.apac-1.jumio.ai/api/v1/accounts/11111111-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
  },
};

describe("parseCallback", () => {
  const forms: [name: string, body: unknown][] = [
    ["a parsed object", CALLBACK],
    ["the raw JSON text", JSON.stringify(CALLBACK)],
    ["the raw bytes", Buffer.from(JSON.stringify(CALLBACK))],
  ];
  for (const [name, body] of forms) {
    test(`accepts ${name}`, () => assert.deepEqual(parseCallback(body), CALLBACK));
  }

  test("keeps userReference and fields Jumio adds later", () => {
    const later = { ...CALLBACK, userReference: "user-7", region: "apac-1" };
    assert.deepEqual(parseCallback(later), later);
  });

  const broken: [name: string, body: unknown, paths: string[]][] = [
    ["text that is not JSON", "callbackSentAt=now", [""]],
    ["a missing workflow id", { ...CALLBACK, workflowExecution: { status: "PROCESSED" } }, ["workflowExecution.id"]],
    ["a missing account", { ...CALLBACK, account: undefined }, ["account"]],
    ["a status of the wrong type", { ...CALLBACK, workflowExecution: { ...CALLBACK.workflowExecution, status: 3 } }, ["workflowExecution.status"]],
    ["no body at all", undefined, [""]],
  ];
  for (const [name, body, paths] of broken) {
    test(`refuses ${name}, naming the path`, () => {
      assert.throws(
        () => parseCallback(body),
        (error) =>
          error instanceof JumioValidationError &&
          assert.deepEqual(error.issues.map((issue) => issue.path), paths) === undefined,
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
    for (const dataCenter of ["US", "EU", "SGP"] as const) await isJumioCallbackAddress("34.212.1.10", { dataCenter, resolve });
    assert.deepEqual(asked.splice(0), ["callback.jumio.com", "callback.lon.jumio.com", "callback.core-sgp.jumio.com"]);
    assert.deepEqual(Object.values(JUMIO_CALLBACK_HOSTNAMES), ["callback.jumio.com", "callback.lon.jumio.com", "callback.core-sgp.jumio.com"]);
  });

  test("takes the client's region instead: amer-1 is US, emea-1 EU, apac-1 SGP", async () => {
    for (const region of ["amer-1", "emea-1", "apac-1"] as const) await isJumioCallbackAddress("34.212.1.10", { region, resolve });
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
    await assert.rejects(isJumioCallbackAddress("34.212.1.10", { dataCenter: "US", resolve: failing }), { code: "ETIMEOUT" });
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
    assert.deepEqual(lookups.map(({ hostname }) => hostname), ["callback.jumio.com", "callback.lon.jumio.com"]);
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
