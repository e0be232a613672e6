import { expect } from "@open-wc/testing";
import { MessageMemory } from "../../src/element/message-memory.js";
import type { JumioMessage } from "../../src/messages.js";

const WORKFLOW_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const WORKFLOW_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

function message(value: string, extra: Partial<Omit<JumioMessage, "value">> = {}): JumioMessage {
  return {
    accountId: "11111111-1111-4111-8111-111111111111",
    workflowExecutionId: WORKFLOW_A,
    eventType: 510,
    dateTime: "2026-11-25T10:15:30.123Z",
    value,
    ...extra,
  };
}

/** Whether each message, in turn, is a repeat for one memory. */
const repeats = (memory: MessageMemory, ...messages: JumioMessage[]) => messages.map((each) => memory.isRepeat(each));

describe("MessageMemory", () => {
  it("takes a second loaded of a workflow as a repeat", () => {
    expect(repeats(new MessageMemory(), message("loaded"), message("loaded"))).to.deep.equal([false, true]);
  });

  it("takes a second success of a workflow as a repeat", () => {
    expect(repeats(new MessageMemory(), message("success"), message("success"))).to.deep.equal([false, true]);
  });

  it("takes success that arrives before loaded, and loaded after it, as new", () => {
    expect(repeats(new MessageMemory(), message("success"), message("loaded"))).to.deep.equal([false, false]);
  });

  it("takes loaded and success of another workflow as new", () => {
    const memory = new MessageMemory();
    repeats(memory, message("loaded"), message("success"));
    expect(
      repeats(
        memory,
        message("loaded", { workflowExecutionId: WORKFLOW_B }),
        message("success", { workflowExecutionId: WORKFLOW_B }),
      ),
    ).to.deep.equal([false, false]);
  });

  it("never takes an unknown payload value as a repeat", () => {
    expect(repeats(new MessageMemory(), message("document-captured"), message("document-captured"))).to.deep.equal([
      false,
      false,
    ]);
  });

  it("takes an error equal to the previous error of the workflow as a repeat", () => {
    const error = message("error", { errorCode: 9810, publicErrorCode: "B20000" });
    expect(repeats(new MessageMemory(), error, { ...error })).to.deep.equal([false, true]);
  });

  it("takes an error with another code as new", () => {
    expect(
      repeats(new MessageMemory(), message("error", { errorCode: 9800 }), message("error", { errorCode: 9810 })),
    ).to.deep.equal([false, false]);
  });

  it("takes an error with the same code but another publicErrorCode as new", () => {
    const [first, second] = [
      message("error", { errorCode: 9100, publicErrorCode: "A10000" }),
      message("error", { errorCode: 9100, publicErrorCode: "A10001" }),
    ];
    expect(repeats(new MessageMemory(), first, second)).to.deep.equal([false, false]);
  });

  it("takes an error as new again once another error came between", () => {
    const [a, b] = [message("error", { errorCode: 9800 }), message("error", { errorCode: 9810 })];
    expect(repeats(new MessageMemory(), a, b, a)).to.deep.equal([false, false, false]);
  });

  it("takes an error with code 0 as a repeat of an error without code", () => {
    // Contract: "An error message without metainfo.code is still a jumio-error with code 0".
    expect(repeats(new MessageMemory(), message("error"), message("error", { errorCode: 0 }))).to.deep.equal([
      false,
      true,
    ]);
  });

  it("does not let one workflow's error hide the same error of another workflow", () => {
    const error = message("error", { errorCode: 9200 });
    expect(repeats(new MessageMemory(), error, { ...error, workflowExecutionId: WORKFLOW_B })).to.deep.equal([
      false,
      false,
    ]);
  });

  it("keeps each workflow's previous error apart: workflow B's error between two equal errors of A does not break the repeat", () => {
    const error = message("error", { errorCode: 9200 });
    expect(
      repeats(
        new MessageMemory(),
        error,
        message("error", { errorCode: 9210, workflowExecutionId: WORKFLOW_B }),
        error,
      ),
    ).to.deep.equal([false, false, true]);
  });

  it("starts afresh in a new memory, as for a new navigation", () => {
    const seen = [message("loaded"), message("success"), message("error", { errorCode: 9200 })];
    repeats(new MessageMemory(), ...seen);
    expect(repeats(new MessageMemory(), ...seen)).to.deep.equal([false, false, false]);
  });
});
