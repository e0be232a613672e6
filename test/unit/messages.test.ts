import { expect } from "@open-wc/testing";
import "../../src/index.js";
import { MAX_MESSAGE_BYTES, parseJumioMessage } from "../../src/messages.js";
import {
  ACCOUNT_ID,
  command,
  embedded,
  jumioMessage,
  type MessageOptions,
  TOKEN,
  until,
  WORKFLOW_ID,
  wireMessage,
} from "./helpers.js";

const DATE_TIME = "2026-11-25T10:15:30.123Z";
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** The guide's message as a JSON string, its customerInternalReference padded with `filler` to `bytes` UTF-8 bytes. */
function messageOfBytes(bytes: number, filler: string): string {
  const base = utf8Bytes(jumioMessage({ customerInternalReference: "" }));
  const fillerBytes = utf8Bytes(filler);
  const remainder = (bytes - base) % fillerBytes;
  const reference = "a".repeat(remainder) + filler.repeat((bytes - base - remainder) / fillerBytes);
  const message = jumioMessage({ customerInternalReference: reference });
  if (utf8Bytes(message) !== bytes) throw new Error("messageOfBytes: wrong size");
  return message;
}

describe("parseJumioMessage: the guide's messages", () => {
  it("parses the JSON string of a loaded event into the detail, without the token", () => {
    expect(parseJumioMessage(jumioMessage({ value: "loaded" }))).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "loaded",
    });
  });

  it("accepts an already-parsed plain object", () => {
    expect(parseJumioMessage(wireMessage({ value: "success" }))?.value).to.equal("success");
  });

  it("keeps customerInternalReference and the error's metainfo code", () => {
    // Guide: metainfo.code is an integer, "Only present if payload.value = error".
    expect(
      parseJumioMessage(jumioMessage({ value: "error", code: 9820, customerInternalReference: "order-42" })),
    ).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      customerInternalReference: "order-42",
      eventType: 510,
      dateTime: DATE_TIME,
      value: "error",
      errorCode: 9820,
    });
  });

  it("keeps publicErrorCode and retriable where the live client sends them", () => {
    const message = parseJumioMessage(
      jumioMessage({ value: "error", code: 9100, metainfo: { publicErrorCode: "A10000", retriable: true } }),
    );
    expect(message).to.include({ errorCode: 9100, publicErrorCode: "A10000", retriable: true });
  });

  it("accepts an unknown future payload value", () => {
    expect(parseJumioMessage(jumioMessage({ value: "document-captured" }))?.value).to.equal("document-captured");
  });

  it("never carries the authorization token into the result", () => {
    const message = parseJumioMessage(
      jumioMessage({
        value: "error",
        code: 9200,
        customerInternalReference: "order-42",
        metainfo: { publicErrorCode: "A1", retriable: false },
      }),
    );
    expect(message).not.to.equal(null);
    expect(Object.keys(message ?? {})).not.to.include("authorizationToken");
    expect(JSON.stringify(message)).not.to.contain(TOKEN);
  });

  it("ignores unknown extra fields at every level", () => {
    const data = {
      ...wireMessage({ value: "error", code: 9300 }),
      transactionReference: "tx-1",
      payload: { value: "error", extra: true, metainfo: { code: 9300, detail: "x" } },
    };
    expect(parseJumioMessage(JSON.stringify(data))).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "error",
      errorCode: 9300,
    });
  });
});

describe("parseJumioMessage: malformed data", () => {
  it("returns null for a string that is not JSON", () => {
    expect(parseJumioMessage("loaded")).to.equal(null);
  });

  it("returns null for truncated JSON", () => {
    expect(parseJumioMessage(jumioMessage().slice(0, -1))).to.equal(null);
  });

  it("returns null for an empty string", () => {
    expect(parseJumioMessage("")).to.equal(null);
  });

  it("returns null for the JSON null and for null itself", () => {
    expect(parseJumioMessage("null")).to.equal(null);
    expect(parseJumioMessage(null)).to.equal(null);
    expect(parseJumioMessage(undefined)).to.equal(null);
  });

  it("returns null for numbers, as JSON and as values", () => {
    expect(parseJumioMessage("510")).to.equal(null);
    expect(parseJumioMessage(510)).to.equal(null);
  });

  it("returns null for an array holding a valid message, as JSON and as a value", () => {
    expect(parseJumioMessage(`[${jumioMessage()}]`)).to.equal(null);
    expect(parseJumioMessage([wireMessage()])).to.equal(null);
  });

  it("returns null for a JSON string of the message's JSON string", () => {
    expect(parseJumioMessage(JSON.stringify(jumioMessage()))).to.equal(null);
  });

  it("returns null for binary data", () => {
    expect(parseJumioMessage(new TextEncoder().encode(jumioMessage()).buffer)).to.equal(null);
  });

  it("returns null for an object that only inherits the message's fields", () => {
    expect(parseJumioMessage(Object.create(wireMessage()))).to.equal(null);
  });

  it("returns null without accountId", () => {
    const { accountId: _, ...data } = wireMessage();
    expect(parseJumioMessage(JSON.stringify(data))).to.equal(null);
  });

  it("returns null without workflowExecutionId", () => {
    const { workflowExecutionId: _, ...data } = wireMessage();
    expect(parseJumioMessage(JSON.stringify(data))).to.equal(null);
  });

  it("returns null without authorizationToken", () => {
    const { authorizationToken: _, ...data } = wireMessage();
    expect(parseJumioMessage(JSON.stringify(data))).to.equal(null);
  });

  it("returns null without dateTime", () => {
    const { dateTime: _, ...data } = wireMessage();
    expect(parseJumioMessage(JSON.stringify(data))).to.equal(null);
  });

  it("returns null without payload", () => {
    const { payload: _, ...data } = wireMessage();
    expect(parseJumioMessage(JSON.stringify(data))).to.equal(null);
  });

  it("returns null without payload.value", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), payload: { metainfo: { code: 9100 } } }))).to.equal(
      null,
    );
  });

  it("returns null when accountId is a number", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), accountId: 42 }))).to.equal(null);
  });

  it("returns null when workflowExecutionId is null", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), workflowExecutionId: null }))).to.equal(null);
  });

  it("returns null when authorizationToken is an object", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), authorizationToken: { value: TOKEN } }))).to.equal(
      null,
    );
  });

  it("returns null when dateTime is a number", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), dateTime: 1764065730123 }))).to.equal(null);
  });

  it("returns null when payload is a string", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), payload: "loaded" }))).to.equal(null);
  });

  it("returns null when payload.value is a boolean", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), payload: { value: true } }))).to.equal(null);
  });
});

describe("parseJumioMessage: eventType", () => {
  it("returns null for an eventType other than 510", () => {
    // Guide: eventType "Possible values: • 510 (application state-change)".
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), eventType: 511 }))).to.equal(null);
  });

  it('returns null for the string "510"', () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), eventType: "510" }))).to.equal(null);
  });

  it("returns null for a fractional eventType near 510", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage(), eventType: 510.5 }))).to.equal(null);
  });

  it("returns null without eventType", () => {
    const { eventType: _, ...data } = wireMessage();
    expect(parseJumioMessage(JSON.stringify(data))).to.equal(null);
  });

  it("returns null for an analytics-like body", () => {
    expect(
      parseJumioMessage('{"eventType":"screen","screenName":"document-selection","timestamp":1764065730123}'),
    ).to.equal(null);
  });

  it("returns null for an analytics-like body that carries every other field of a valid message", () => {
    expect(parseJumioMessage(JSON.stringify({ ...wireMessage({ value: "success" }), eventType: "screen" }))).to.equal(
      null,
    );
  });
});

describe("parseJumioMessage: the 64 KiB cap", () => {
  it("is 64 KiB", () => {
    expect(MAX_MESSAGE_BYTES).to.equal(65536);
  });

  it("accepts a message of exactly 65,536 bytes", () => {
    expect(parseJumioMessage(messageOfBytes(65536, "a"))?.value).to.equal("loaded");
  });

  it("returns null for a message of 65,537 bytes", () => {
    expect(parseJumioMessage(messageOfBytes(65537, "a"))).to.equal(null);
  });

  it("accepts a multi-byte message of exactly 65,536 UTF-8 bytes", () => {
    const message = messageOfBytes(65536, "€");
    expect(message.length).to.be.below(30000);
    expect(parseJumioMessage(message)?.customerInternalReference).to.have.length.above(10000);
  });

  it("returns null for a message of fewer than 65,536 characters but 65,537 UTF-8 bytes", () => {
    // Guide: "All data is encoded with UTF-8."
    const message = messageOfBytes(65537, "€");
    expect(message.length).to.be.below(65536);
    expect(parseJumioMessage(message)).to.equal(null);
  });

  it("returns null for a message over the cap by one four-byte character", () => {
    const message = messageOfBytes(65536, "a").replace(
      '"customerInternalReference":"a',
      '"customerInternalReference":"😀',
    );
    expect(utf8Bytes(message)).to.equal(65539);
    expect(message.length).to.equal(65537);
    expect(parseJumioMessage(message)).to.equal(null);
  });
});

/** The text an object message is made of, as parseJumioMessage reads it: its string fields, in UTF-8 bytes. */
function textBytes(options: MessageOptions): number {
  const {
    authorizationToken,
    accountId,
    workflowExecutionId,
    customerInternalReference = "",
    dateTime,
    payload,
  } = wireMessage(options);
  const publicErrorCode = options.metainfo?.publicErrorCode ?? "";
  return utf8Bytes(
    authorizationToken +
      accountId +
      workflowExecutionId +
      customerInternalReference +
      dateTime +
      payload.value +
      publicErrorCode,
  );
}

/** The guide's message as a plain object, its customerInternalReference padded with `filler` to `bytes` bytes of text. */
function objectOfTextBytes(bytes: number, filler: string) {
  const base = textBytes({ customerInternalReference: "" });
  const fillerBytes = utf8Bytes(filler);
  const remainder = (bytes - base) % fillerBytes;
  const customerInternalReference = "a".repeat(remainder) + filler.repeat((bytes - base - remainder) / fillerBytes);
  if (textBytes({ customerInternalReference }) !== bytes) throw new Error("objectOfTextBytes: wrong size");
  return wireMessage({ customerInternalReference });
}

/** Runs `action` with JSON.stringify and TextEncoder's encode counted; returns its result and the count. */
function countingSerialization<T>(action: () => T): { result: T; calls: number } {
  const { stringify } = JSON;
  const { encode } = TextEncoder.prototype;
  let calls = 0;
  JSON.stringify = function (this: JSON, ...args: unknown[]) {
    calls++;
    return Reflect.apply(stringify, this, args);
  } as typeof stringify;
  TextEncoder.prototype.encode = function (this: TextEncoder, ...args: unknown[]) {
    calls++;
    return Reflect.apply(encode, this, args);
  } as typeof encode;
  try {
    return { result: action(), calls };
  } finally {
    JSON.stringify = stringify;
    TextEncoder.prototype.encode = encode;
  }
}

const TWENTY_MB = 20 * 1024 * 1024;

describe("parseJumioMessage: the 64 KiB cap on an already-parsed object (structured clone)", () => {
  it("accepts the object of every message whose JSON fits the cap", () => {
    expect(parseJumioMessage(JSON.parse(messageOfBytes(65536, "a")))?.value).to.equal("loaded");
    expect(parseJumioMessage(JSON.parse(messageOfBytes(65536, "€")))?.value).to.equal("loaded");
  });

  it("accepts an object made of exactly 65,536 bytes of text", () => {
    expect(parseJumioMessage(objectOfTextBytes(65536, "a"))?.customerInternalReference).to.have.length.above(65000);
  });

  it("returns null for an object made of 65,537 bytes of text", () => {
    expect(parseJumioMessage(objectOfTextBytes(65537, "a"))).to.equal(null);
  });

  it("counts the text in UTF-8 bytes, not in characters", () => {
    const fits = objectOfTextBytes(65536, "€");
    expect(fits.customerInternalReference!.length).to.be.below(30000);
    expect(parseJumioMessage(fits)?.customerInternalReference).to.equal(fits.customerInternalReference);
    const over = objectOfTextBytes(65537, "€");
    expect(over.customerInternalReference!.length).to.be.below(30000);
    expect(parseJumioMessage(over)).to.equal(null);
  });

  it("returns null for an object with a 20 MB customerInternalReference, without serializing or encoding it", () => {
    const message = wireMessage({ customerInternalReference: "a".repeat(TWENTY_MB) });
    const { result, calls } = countingSerialization(() => parseJumioMessage(message));
    expect(result).to.equal(null);
    expect(calls).to.equal(0);
  });

  it("holds every field it reads to the cap: payload.value, publicErrorCode, the token", () => {
    const long = "x".repeat(MAX_MESSAGE_BYTES);
    expect(parseJumioMessage(wireMessage({ value: long }))).to.equal(null);
    expect(
      parseJumioMessage(wireMessage({ value: "error", code: 9100, metainfo: { publicErrorCode: long } })),
    ).to.equal(null);
    expect(parseJumioMessage({ ...wireMessage(), authorizationToken: long })).to.equal(null);
  });

  it("counts only the fields it reads: a huge unknown field is neither measured nor carried into the detail", () => {
    const message = parseJumioMessage({ ...wireMessage(), transactionReference: "a".repeat(TWENTY_MB) });
    expect(message).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "loaded",
    });
  });
});

describe("the 64 KiB cap on the element's message path: objects from its own frame on a second origin", () => {
  it("dispatches no jumio-message for an object with a 20 MB customerInternalReference, and the next message as usual", async () => {
    const { element, log, frame } = await embedded();
    const errors: ErrorEvent[] = [];
    const onError = (event: ErrorEvent) => errors.push(event);
    window.addEventListener("error", onError);
    try {
      const huge = wireMessage({ value: "loaded", customerInternalReference: "a".repeat(TWENTY_MB) });
      await command(frame, { post: [huge, wireMessage({ value: "loaded", customerInternalReference: "order-42" })] });
      await until(() => log.of("jumio-message").length > 0);
      // Messages arrive in order: the huge one was handled (and dropped) before this one.
      expect(log.of("jumio-message").map((event) => event.detail)).to.deep.equal([
        {
          accountId: ACCOUNT_ID,
          workflowExecutionId: WORKFLOW_ID,
          customerInternalReference: "order-42",
          eventType: 510,
          dateTime: DATE_TIME,
          value: "loaded",
        },
      ]);
      expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-loaded"]);
      expect(element.state).to.equal("loaded");
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener("error", onError);
    }
  });
});

describe("parseJumioMessage: __proto__ and constructor keys", () => {
  let prototypeKeys: string[];

  beforeEach(() => {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  });

  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype)).to.deep.equal(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(({} as Record<string, unknown>).eventType).to.equal(undefined);
  });

  it("returns null when the whole message hides under a __proto__ key", () => {
    expect(parseJumioMessage(`{"__proto__":${jumioMessage()}}`)).to.equal(null);
  });

  it("returns null when payload.value hides under a __proto__ key of payload", () => {
    const data = jumioMessage().replace('"payload":{"value":"loaded"}', '"payload":{"__proto__":{"value":"loaded"}}');
    expect(data).to.contain('"__proto__"');
    expect(parseJumioMessage(data)).to.equal(null);
  });

  it("returns null when the message hides under constructor.prototype", () => {
    expect(parseJumioMessage(`{"constructor":{"prototype":${jumioMessage()}}}`)).to.equal(null);
  });

  it("reads no error code from a __proto__ key of metainfo", () => {
    const data = jumioMessage({ value: "error" }).replace(
      '"payload":{"value":"error"}',
      '"payload":{"value":"error","metainfo":{"__proto__":{"code":9200}}}',
    );
    expect(data).to.contain('"__proto__"');
    const message = parseJumioMessage(data);
    expect(message?.value).to.equal("error");
    expect(message).not.to.have.property("errorCode");
  });

  it("ignores __proto__ and constructor keys beside a valid message, and returns a clean object", () => {
    const data = jumioMessage().replace(
      /^\{/,
      '{"__proto__":{"polluted":"yes","retriable":true},"constructor":{"prototype":{"polluted":"yes"}},',
    );
    const message = parseJumioMessage(data);
    expect(message).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "loaded",
    });
    expect(Object.getPrototypeOf(message)).to.equal(Object.prototype);
    expect(Object.hasOwn(message ?? {}, "__proto__")).to.equal(false);
    expect(Object.hasOwn(message ?? {}, "constructor")).to.equal(false);
  });
});

describe("parseJumioMessage: optional fields of the wrong type", () => {
  it("drops a customerInternalReference that is a number and keeps the message", () => {
    const message = parseJumioMessage(
      JSON.stringify({ ...wireMessage({ value: "success" }), customerInternalReference: 42 }),
    );
    expect(message).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "success",
    });
  });

  it("drops a metainfo that is a string and keeps the error", () => {
    const message = parseJumioMessage(
      JSON.stringify({ ...wireMessage(), payload: { value: "error", metainfo: "9200" } }),
    );
    expect(message).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "error",
    });
  });

  it("drops a metainfo.code given as a string", () => {
    const message = parseJumioMessage(
      jumioMessage({ value: "error", metainfo: { code: "9200", publicErrorCode: "A1" } }),
    );
    expect(message).to.include({ value: "error", publicErrorCode: "A1" });
    expect(message).not.to.have.property("errorCode");
  });

  it("drops a metainfo.code that is not an integer", () => {
    const message = parseJumioMessage(jumioMessage({ value: "error", code: 9200.5 }));
    expect(message?.value).to.equal("error");
    expect(message).not.to.have.property("errorCode");
  });

  it("drops a publicErrorCode that is a number and keeps the code", () => {
    const message = parseJumioMessage(
      jumioMessage({ value: "error", code: 9100, metainfo: { publicErrorCode: 10000 } }),
    );
    expect(message).to.include({ errorCode: 9100 });
    expect(message).not.to.have.property("publicErrorCode");
  });

  it('drops a retriable given as the string "true" and keeps the code', () => {
    const message = parseJumioMessage(jumioMessage({ value: "error", code: 9200, metainfo: { retriable: "true" } }));
    expect(message).to.include({ errorCode: 9200 });
    expect(message).not.to.have.property("retriable");
  });
});
