import { expect } from "@open-wc/testing";
import { MessageMemory } from "../../src/message-memory.js";
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

describe("MessageMemory", () => {
  it("reports loaded once per workflow", () => {
    const memory = new MessageMemory();
    expect([memory.specificEventFor(message("loaded")), memory.specificEventFor(message("loaded"))]).to.deep.equal(["jumio-loaded", null]);
  });

  it("reports success once per workflow", () => {
    const memory = new MessageMemory();
    expect([memory.specificEventFor(message("success")), memory.specificEventFor(message("success"))]).to.deep.equal(["jumio-success", null]);
  });

  it("reports success that arrives before loaded, and loaded after it", () => {
    const memory = new MessageMemory();
    expect([memory.specificEventFor(message("success")), memory.specificEventFor(message("loaded"))]).to.deep.equal(["jumio-success", "jumio-loaded"]);
  });

  it("reports loaded and success again for another workflow", () => {
    const memory = new MessageMemory();
    memory.specificEventFor(message("loaded"));
    memory.specificEventFor(message("success"));
    expect([
      memory.specificEventFor(message("loaded", { workflowExecutionId: WORKFLOW_B })),
      memory.specificEventFor(message("success", { workflowExecutionId: WORKFLOW_B })),
    ]).to.deep.equal(["jumio-loaded", "jumio-success"]);
  });

  it("has no specific event for an unknown payload value", () => {
    expect(new MessageMemory().specificEventFor(message("document-captured"))).to.equal(null);
  });

  it("does not repeat an error equal to the previous error of the workflow", () => {
    const memory = new MessageMemory();
    const error = message("error", { errorCode: 9810, publicErrorCode: "B20000" });
    expect([memory.specificEventFor(error), memory.specificEventFor({ ...error })]).to.deep.equal(["jumio-error", null]);
  });

  it("reports an error with another code", () => {
    const memory = new MessageMemory();
    memory.specificEventFor(message("error", { errorCode: 9800 }));
    expect(memory.specificEventFor(message("error", { errorCode: 9810 }))).to.equal("jumio-error");
  });

  it("reports an error with the same code but another publicErrorCode", () => {
    const memory = new MessageMemory();
    memory.specificEventFor(message("error", { errorCode: 9100, publicErrorCode: "A10000" }));
    expect(memory.specificEventFor(message("error", { errorCode: 9100, publicErrorCode: "A10001" }))).to.equal("jumio-error");
  });

  it("reports an error again once another error came between", () => {
    const memory = new MessageMemory();
    memory.specificEventFor(message("error", { errorCode: 9800 }));
    memory.specificEventFor(message("error", { errorCode: 9810 }));
    expect(memory.specificEventFor(message("error", { errorCode: 9800 }))).to.equal("jumio-error");
  });

  it("treats an error without code as a repeat of an error with code 0", () => {
    // Contract: "An error message without metainfo.code is still a jumio-error with code 0".
    const memory = new MessageMemory();
    memory.specificEventFor(message("error"));
    expect(memory.specificEventFor(message("error", { errorCode: 0 }))).to.equal(null);
  });

  it("does not let one workflow's error hide the same error of another workflow", () => {
    const memory = new MessageMemory();
    memory.specificEventFor(message("error", { errorCode: 9200 }));
    expect(memory.specificEventFor(message("error", { errorCode: 9200, workflowExecutionId: WORKFLOW_B }))).to.equal("jumio-error");
  });

  it("keeps each workflow's previous error apart: workflow B's error between two equal errors of A does not break the repeat", () => {
    const memory = new MessageMemory();
    memory.specificEventFor(message("error", { errorCode: 9200 }));
    memory.specificEventFor(message("error", { errorCode: 9210, workflowExecutionId: WORKFLOW_B }));
    expect(memory.specificEventFor(message("error", { errorCode: 9200 }))).to.equal(null);
  });

  it("starts afresh in a new memory, as for a new navigation", () => {
    const first = new MessageMemory();
    first.specificEventFor(message("loaded"));
    first.specificEventFor(message("success"));
    first.specificEventFor(message("error", { errorCode: 9200 }));
    const second = new MessageMemory();
    expect([
      second.specificEventFor(message("loaded")),
      second.specificEventFor(message("success")),
      second.specificEventFor(message("error", { errorCode: 9200 })),
    ]).to.deep.equal(["jumio-loaded", "jumio-success", "jumio-error"]);
  });
});
