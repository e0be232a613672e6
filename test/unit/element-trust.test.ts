import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import {
  command,
  embedded,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  iframeOf,
  jumioMessage,
  MALFORMED_MESSAGES,
  oversizedMessage,
  received,
  record,
  settle,
  sibling,
  until,
} from "./helpers.js";

const PAGE_ORIGIN = location.origin;

const isMarked = (mark: string) => (event: MessageEvent) => typeof event.data === "string" && event.data.includes(mark);

describe("messages the element ignores", () => {
  it("ignores a valid message from a sibling frame of the same origin as its href", async () => {
    const { log } = await embedded();
    const other = await sibling(FAKE_CLIENT);
    const data = jumioMessage({ value: "loaded", customerInternalReference: "sibling" });
    const arrived = received(isMarked("sibling"));
    await command(other.contentWindow!, { post: [data] });
    await arrived;
    expect(log.events).to.be.empty;
  });

  it("ignores a valid message from a grandchild frame (a frame inside its own frame)", async () => {
    const { log, frame } = await embedded();
    await command(frame, { child: `${FAKE_CLIENT}?grandchild` });
    const arrived = received(isMarked("grandchild"));
    const data = jumioMessage({ value: "loaded", customerInternalReference: "grandchild" });
    await command(frame, { relay: { post: [data], to: "top", origin: PAGE_ORIGIN } });
    await arrived;
    expect(log.events).to.be.empty;
  });

  it("ignores a valid message that the page posts to itself", async () => {
    const { log } = await embedded();
    const arrived = received(isMarked("self"));
    window.postMessage(jumioMessage({ value: "loaded", customerInternalReference: "self" }), PAGE_ORIGIN);
    await arrived;
    expect(log.events).to.be.empty;
  });

  it("ignores synthetic MessageEvents, even with its frame as source and the right origin", async () => {
    const { element, log } = await embedded();
    const source = iframeOf(element)!.contentWindow!;
    window.dispatchEvent(new MessageEvent("message", { data: jumioMessage(), origin: FIXTURE_ORIGIN, source }));
    element.dispatchEvent(new MessageEvent("message", { data: jumioMessage(), origin: FIXTURE_ORIGIN, source }));
    expect(log.events).to.be.empty;
  });

  it("ignores its own frame once it has navigated to another origin (the host's successUrl)", async () => {
    const { element, log, frame } = await embedded();
    const elsewhere = `${PAGE_ORIGIN}/test/fixtures/fake-client.html`;
    await command(frame, { navigate: elsewhere });
    const arrived = received(isMarked("navigated"));
    await command(
      frame,
      { post: [jumioMessage({ customerInternalReference: "navigated" })], origin: PAGE_ORIGIN },
      PAGE_ORIGIN,
    );
    await arrived;
    expect(iframeOf(element)!.contentWindow).to.equal(frame);
    expect(log.events).to.be.empty;
  });

  it("ignores a message from another origin that the element does not trust", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${PAGE_ORIGIN}/test/fixtures/fake-client.html`} allowed-origins=${PAGE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    const other = await sibling(FAKE_CLIENT);
    const arrived = received(isMarked("stranger"));
    await command(other.contentWindow!, {
      post: [jumioMessage({ customerInternalReference: "stranger" })],
      to: "top",
      origin: PAGE_ORIGIN,
    });
    await arrived;
    expect(log.events).to.be.empty;
  });

  it("ignores malformed data from its own frame and still dispatches the valid message that follows", async () => {
    const { log, frame } = await embedded();
    await command(frame, { post: [...MALFORMED_MESSAGES, oversizedMessage(), jumioMessage({ value: "sentinel" })] });
    await until(() => log.events.length > 0);
    expect(log.types()).to.deep.equal(["jumio-message"]);
    expect(log.events[0]!.detail.value).to.equal("sentinel");
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
