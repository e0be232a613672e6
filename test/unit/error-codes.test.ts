import { expect } from "@open-wc/testing";
import {
  describeErrorCode,
  JUMIO_ERROR_CODES,
  jumioClientError,
  RENEWABLE_ERROR_CODES,
} from "../../src/error-codes.js";
import type { JumioMessage } from "../../src/messages.js";
import { parseJumioMessage } from "../../src/messages.js";
import { jumioMessage, TOKEN } from "./helpers.js";

function errorMessage(
  extra: Partial<Pick<JumioMessage, "errorCode" | "publicErrorCode" | "retriable">> = {},
): JumioMessage {
  return {
    accountId: "11111111-1111-4111-8111-111111111111",
    workflowExecutionId: "22222222-2222-4222-8222-222222222222",
    eventType: 510,
    dateTime: "2026-11-25T10:15:30.123Z",
    value: "error",
    ...extra,
  };
}

describe("JUMIO_ERROR_CODES", () => {
  it("holds the guide's 13 codes plus 9301 and 9900, and nothing else", () => {
    expect(Object.keys(JUMIO_ERROR_CODES).map(Number).sort()).to.deep.equal([
      9100, 9200, 9210, 9300, 9301, 9400, 9800, 9801, 9810, 9820, 9821, 9822, 9835, 9836, 9900,
    ]);
  });

  it("describes each of the guide's codes in the guide's words", () => {
    // Guide, "Success and Error URLs", errorCode: "Possible values: • 9100 (Error occurred on our server.) …"
    const guide: Record<number, string> = {
      9100: "Error occurred on our server.",
      9200: "Authorization token missing, invalid, or expired.",
      9210: "Session expired after the user journey started.",
      9300: "Error occurred transmitting image to our server.",
      9400: "Error occurred during verification step.",
      9800: "User has no network connection.",
      9801: "Unexpected error occurred in the client.",
      9810: "Problem while communicating with our server.",
      9820: "File upload not enabled and camera unavailable.",
      9821: "The biometric face capture process failed, e.g. issue with iProov",
      9822: "Browser does not support camera.",
      9835: "No acceptable submission in 3 attempts.",
      9836: "Authentication Failure.",
    };
    for (const [code, description] of Object.entries(guide)) {
      expect(JUMIO_ERROR_CODES[Number(code)]?.description, code).to.equal(description);
    }
  });

  it("describes 9301 as a failed consent submission and 9900 as a credential error", () => {
    expect(JUMIO_ERROR_CODES[9301]?.description).to.match(/consent submission failed/i);
    expect(JUMIO_ERROR_CODES[9900]?.description).to.match(/credential error, transaction cannot be completed/i);
  });

  it("gives every code a boolean retryable", () => {
    for (const [code, info] of Object.entries(JUMIO_ERROR_CODES)) expect(info.retryable, code).to.be.a("boolean");
  });

  it("marks the expired token (9200) and expired session (9210) as not retryable in the same session", () => {
    expect([JUMIO_ERROR_CODES[9200]?.retryable, JUMIO_ERROR_CODES[9210]?.retryable]).to.deep.equal([false, false]);
  });

  it("cannot be given new codes by a page script", () => {
    expect(() => {
      (JUMIO_ERROR_CODES as Record<number, unknown>)[1234] = { description: "x", retryable: true };
    }).to.throw(TypeError);
    expect(JUMIO_ERROR_CODES[1234]).to.equal(undefined);
  });
});

describe("RENEWABLE_ERROR_CODES", () => {
  it("is exactly 9200 and 9210", () => {
    expect([...RENEWABLE_ERROR_CODES].sort()).to.deep.equal([9200, 9210]);
  });
});

describe("describeErrorCode", () => {
  it("returns the table's entry for a known code", () => {
    expect(describeErrorCode(9836)).to.deep.equal({ description: "Authentication Failure.", retryable: false });
  });

  it("describes an unknown code as `Unknown error code N`, not retryable", () => {
    expect(describeErrorCode(4242)).to.deep.equal({ description: "Unknown error code 4242", retryable: false });
  });
});

describe("jumioClientError", () => {
  it("builds the jumio-error detail from the table", () => {
    const message = errorMessage({ errorCode: 9820 });
    expect(jumioClientError(message)).to.deep.equal({
      source: "jumio",
      code: 9820,
      description: "File upload not enabled and camera unavailable.",
      retryable: false,
      message,
    });
  });

  it("gives an error without metainfo.code the code 0", () => {
    expect(jumioClientError(errorMessage())).to.include({
      source: "jumio",
      code: 0,
      description: "Unknown error code 0",
      retryable: false,
    });
  });

  it("gives code 0 to the guide's error message sent without metainfo", () => {
    const message = parseJumioMessage(jumioMessage({ value: "error" }));
    if (!message) throw new Error("the fixture must parse");
    expect(jumioClientError(message).code).to.equal(0);
  });

  it("describes an unknown code as `Unknown error code N`", () => {
    expect(jumioClientError(errorMessage({ errorCode: 9999 }))).to.include({
      code: 9999,
      description: "Unknown error code 9999",
    });
  });

  it("lets metainfo.retriable true win over a code the table marks not retryable", () => {
    expect(JUMIO_ERROR_CODES[9400]?.retryable).to.equal(false);
    expect(jumioClientError(errorMessage({ errorCode: 9400, retriable: true })).retryable).to.equal(true);
  });

  it("lets metainfo.retriable false win over a code the table marks retryable", () => {
    expect(JUMIO_ERROR_CODES[9100]?.retryable).to.equal(true);
    expect(jumioClientError(errorMessage({ errorCode: 9100, retriable: false })).retryable).to.equal(false);
  });

  it("lets metainfo.retriable decide for an unknown code", () => {
    expect(jumioClientError(errorMessage({ errorCode: 9999, retriable: true })).retryable).to.equal(true);
  });

  it("carries no authorization token in the detail built from a wire message", () => {
    const message = parseJumioMessage(
      jumioMessage({ value: "error", code: 9200, metainfo: { publicErrorCode: "A1" } }),
    );
    if (!message) throw new Error("the fixture must parse");
    expect(JSON.stringify(jumioClientError(message))).not.to.contain(TOKEN);
  });
});
