import { expect } from "@open-wc/testing";
import "../../src/index.js";
import { command, embedded, jumioMessage, TOKEN, until, wireMessage } from "./helpers.js";

describe("messages from the element's own frame", () => {
  it("dispatches jumio-message then jumio-loaded, then jumio-success, and follows the state", async () => {
    const { element, log, frame } = await embedded();
    expect(element.state).to.equal("loading");
    await command(frame, { post: [jumioMessage({ value: "loaded" }), jumioMessage({ value: "success" })] });
    await until(() => log.of("jumio-success").length === 1);
    expect(log.types()).to.deep.equal([
      "jumio-message",
      "jumio-state-change",
      "jumio-loaded",
      "jumio-message",
      "jumio-state-change",
      "jumio-success",
    ]);
    expect(element.state).to.equal("success");
    expect(element.getAttribute("state")).to.equal("success");
    const detail = log.of("jumio-success")[0]!.detail;
    expect(detail).to.deep.equal({
      accountId: wireMessage().accountId,
      workflowExecutionId: wireMessage().workflowExecutionId,
      eventType: 510,
      dateTime: "2026-11-25T10:15:30.123Z",
      value: "success",
    });
    expect(JSON.stringify(log.events.map((event) => event.detail))).not.to.contain(TOKEN);
  });

  it("dispatches success that arrives before loaded, and keeps the state at success", async () => {
    const { element, log, frame } = await embedded();
    await command(frame, { post: [jumioMessage({ value: "success" }), jumioMessage({ value: "loaded" })] });
    await until(() => log.of("jumio-loaded").length === 1);
    expect(log.of("jumio-success")).to.have.length(1);
    expect(element.state).to.equal("success");
  });

  it("dispatches a burst of 1,000 messages, all of them, in order", async () => {
    const { log, frame } = await embedded();
    const burst = Array.from({ length: 1000 }, (_, index) => jumioMessage({ value: `progress-${index}` }));
    await command(frame, { post: burst });
    await until(() => log.of("jumio-message").length === 1000);
    expect(log.of("jumio-message").map((event) => event.detail.value)).to.deep.equal(
      burst.map((_, index) => `progress-${index}`),
    );
  });
});
