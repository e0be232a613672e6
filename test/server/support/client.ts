import { type Clock, createJumioClient, type JumioClientOptions } from "../../../src/server/index.js";
import type { FakeJumio } from "./fake-jumio.js";

export const CLIENT_ID = "test-client-id";
export const CLIENT_SECRET = "s3cr3t-Cl1ent-Secret-Value";
export const USER_AGENT = "Acme Onboarding/2.1";

/** A clock whose time moves only when told, and whose sleeps return at once but are recorded. */
export function manualClock(start = Date.parse("2025-01-01T00:00:00.000Z")) {
  let time = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return {
    clock,
    sleeps,
    advance(ms: number) {
      time += ms;
    },
  };
}

/** A client of the fake Jumio with fast, recorded backoff. */
export function testClient(fake: Pick<FakeJumio, "baseUrls">, overrides: Partial<JumioClientOptions> = {}) {
  return createJumioClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    region: "amer-1",
    userAgent: USER_AGENT,
    baseUrls: fake.baseUrls,
    timeoutMs: 2_000,
    clock: manualClock().clock,
    ...overrides,
  });
}
