import { expect, fixture, fixtureSync, html } from "@open-wc/testing";
import "../../src/index.js";
import { JumioVerificationElement } from "../../src/element.js";
import {
  ACCOUNT_ID,
  command,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  frameWindow,
  GUIDE_ALLOW,
  iframeOf,
  jumioMessage,
  received,
  record,
  settle,
  states,
  TOKEN,
  until,
  WORKFLOW_ID,
} from "./helpers.js";

const DATE_TIME = "2026-11-25T10:15:30.123Z";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The element with the fake client loaded and its `loaded` message handled; events recorded from then on. */
async function loaded(element: JumioVerificationElement) {
  const frame = await frameWindow(element);
  await command(frame, { post: [jumioMessage({ value: "loaded" })] });
  await until(() => element.state === "loaded");
  return { frame, log: record(element) };
}

describe("errors of the web client", () => {
  it("dispatches an error without metainfo.code as code 0, 'Unknown error code 0', and sets state error", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, { post: [jumioMessage({ value: "error" })] });
    await until(() => log.of("jumio-error").length === 1);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error"]);
    expect(states(log)).to.deep.equal([{ state: "error", previous: "loaded" }]);
    const message = {
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      eventType: 510,
      dateTime: DATE_TIME,
      value: "error",
    };
    expect(log.events[0]!.detail).to.deep.equal(message);
    expect(log.of("jumio-error")[0]!.detail).to.deep.equal({
      source: "jumio",
      code: 0,
      description: "Unknown error code 0",
      retryable: false,
      message,
    });
    expect(element.getAttribute("state")).to.equal("error");
  });

  it("dispatches an unknown code 1234 as 'Unknown error code 1234', not retryable", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, { post: [jumioMessage({ value: "error", code: 1234 })] });
    await until(() => log.of("jumio-error").length === 1);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.deep.equal({
      source: "jumio",
      code: 1234,
      description: "Unknown error code 1234",
      retryable: false,
      message: {
        accountId: ACCOUNT_ID,
        workflowExecutionId: WORKFLOW_ID,
        eventType: 510,
        dateTime: DATE_TIME,
        value: "error",
        errorCode: 1234,
      },
    });
    expect(element.state).to.equal("error");
  });

  it("sets state error for a non-retryable code (9400) with the guide's description", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, { post: [jumioMessage({ value: "error", code: 9400 })] });
    await until(() => log.of("jumio-error").length === 1);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.include({
      source: "jumio",
      code: 9400,
      description: "Error occurred during verification step.",
      retryable: false,
    });
    expect(element.state).to.equal("error");
  });

  it("keeps the state at loaded for a retryable code (9800)", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, { post: [jumioMessage({ value: "error", code: 9800 })] });
    await until(() => log.of("jumio-error").length === 1);
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.include({
      source: "jumio",
      code: 9800,
      description: "User has no network connection.",
      retryable: true,
    });
    expect(element.state).to.equal("loaded");
    expect(element.getAttribute("state")).to.equal("loaded");
  });

  it("keeps the state at loading for a retryable code that arrives before loaded", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "error", code: 9100 })] });
    await until(() => log.of("jumio-error").length === 1);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-error"]);
    expect(element.state).to.equal("loading");
  });

  it("lets metainfo.retriable: true win over the table: 9200 keeps the state", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, { post: [jumioMessage({ value: "error", code: 9200, metainfo: { retriable: true } })] });
    await until(() => log.of("jumio-error").length === 1);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.deep.equal({
      source: "jumio",
      code: 9200,
      description: "Authorization token missing, invalid, or expired.",
      retryable: true,
      message: {
        accountId: ACCOUNT_ID,
        workflowExecutionId: WORKFLOW_ID,
        eventType: 510,
        dateTime: DATE_TIME,
        value: "error",
        errorCode: 9200,
        retriable: true,
      },
    });
    expect(element.state).to.equal("loaded");
  });

  it("lets metainfo.retriable: false win over the table: 9800 sets state error", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, { post: [jumioMessage({ value: "error", code: 9800, metainfo: { retriable: false } })] });
    await until(() => log.of("jumio-error").length === 1);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.include({ code: 9800, retryable: false });
    expect(element.state).to.equal("error");
  });

  it("does not dispatch an exact repeat of the previous error again, but still dispatches jumio-message for it", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    const repeat = jumioMessage({ value: "error", code: 9800, metainfo: { publicErrorCode: "N-1" } });
    await command(frame, { post: [repeat, repeat, jumioMessage({ value: "sentinel" })] });
    await until(() => log.of("jumio-message").length === 3);
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-error", "jumio-message", "jumio-message"]);
    expect(log.of("jumio-message").map((event) => event.detail.value)).to.deep.equal(["error", "error", "sentinel"]);
  });

  it("dispatches the same code again after a different code", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    const codes = [9800, 9810, 9800];
    await command(frame, { post: codes.map((code) => jumioMessage({ value: "error", code })) });
    await until(() => log.of("jumio-message").length === 3);
    expect(log.types()).to.deep.equal([
      "jumio-message",
      "jumio-error",
      "jumio-message",
      "jumio-error",
      "jumio-message",
      "jumio-error",
    ]);
    expect(log.of("jumio-error").map((event) => event.detail.code)).to.deep.equal(codes);
  });

  it("dispatches the same code again when its publicErrorCode differs", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    await command(frame, {
      post: [
        jumioMessage({ value: "error", code: 9800, metainfo: { publicErrorCode: "N-1" } }),
        jumioMessage({ value: "error", code: 9800, metainfo: { publicErrorCode: "N-2" } }),
      ],
    });
    await until(() => log.of("jumio-message").length === 2);
    expect(
      log.of("jumio-error").map((event) => (event.detail.message as { publicErrorCode?: string }).publicErrorCode),
    ).to.deep.equal(["N-1", "N-2"]);
  });

  it("dispatches the same error of another workflow (the memory is per workflow)", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const { frame, log } = await loaded(element);
    const other = "33333333-3333-4333-8333-333333333333";
    await command(frame, {
      post: [
        jumioMessage({ value: "error", code: 9800 }),
        jumioMessage({ value: "error", code: 9800, workflowExecutionId: other }),
      ],
    });
    await until(() => log.of("jumio-message").length === 2);
    expect(log.of("jumio-error").map((event) => event.detail.message?.workflowExecutionId)).to.deep.equal([
      WORKFLOW_ID,
      other,
    ]);
  });

  it("puts the authorizationToken in no event detail", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    await command(await frameWindow(element), {
      post: [
        jumioMessage({ value: "loaded", customerInternalReference: "ref-1" }),
        jumioMessage({ value: "error", code: 9800, metainfo: { publicErrorCode: "N-1", retriable: true } }),
        jumioMessage({ value: "error", code: 9400 }),
        jumioMessage({ value: "success" }),
      ],
    });
    await until(() => log.of("jumio-message").length === 4);
    expect(log.types()).to.deep.equal([
      "jumio-message",
      "jumio-state-change",
      "jumio-loaded",
      "jumio-message",
      "jumio-error",
      "jumio-message",
      "jumio-state-change",
      "jumio-error",
      "jumio-message",
      "jumio-state-change",
      "jumio-success",
    ]);
    for (const event of log.events) {
      const json = JSON.stringify(event.detail);
      expect(json, event.type).not.to.contain(TOKEN);
      expect(json, event.type).not.to.contain("authorizationToken");
    }
  });
});

describe("load-timeout", () => {
  it("reports load-timeout and sets state error when the frame never says loaded", async () => {
    const element = fixtureSync<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} load-timeout="300" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const log = record(element);
    const started = performance.now();
    await until(() => log.of("jumio-error").length === 1);
    expect(performance.now() - started).to.be.within(250, 2000);
    await element.updateComplete;
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-state-change", "jumio-error"]);
    expect(states(log)).to.deep.equal([
      { state: "loading", previous: "idle" },
      { state: "error", previous: "loading" },
    ]);
    const { description, ...detail } = log.of("jumio-error")[0]!.detail as { description: string };
    expect(detail).to.deep.equal({ source: "element", code: "load-timeout" });
    expect(description)
      .to.be.a("string")
      .and.match(/300 ms/);
    expect(element.getAttribute("state")).to.equal("error");
    expect(element.shadowRoot!.querySelector('slot[name="error"] p')!.textContent).to.equal(description);
  });

  it("loads again from the error slot's Try again button after a load-timeout", async () => {
    const href = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${href} load-timeout="300" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "error");
    await element.updateComplete;
    // Room for the next document to load and say loaded, however slow the machine.
    element.loadTimeout = 10_000;
    await element.updateComplete;
    const log = record(element);
    element.shadowRoot!.querySelector<HTMLButtonElement>('slot[name="error"] button')!.click();
    await element.updateComplete;
    expect(iframeOf(element)!.src).to.equal(href);
    expect(element.shadowRoot!.querySelector('slot[name="error"]')).to.equal(null);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-message", "jumio-state-change", "jumio-loaded"]);
    expect(states(log)).to.deep.equal([
      { state: "loading", previous: "error" },
      { state: "loaded", previous: "loading" },
    ]);
  });

  it("reports no load-timeout, even after the timeout passed, when the frame said loaded in time", async () => {
    const started = performance.now();
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} load-timeout="1000" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    await sleep(started + 1150 - performance.now());
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-loaded"]);
    expect(element.state).to.equal("loaded");
  });

  it("adds no load-timeout after the frame reported a Jumio error before loaded", async () => {
    const started = performance.now();
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} load-timeout="1000" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "error", code: 9200 })] });
    await until(() => log.of("jumio-error").length === 1);
    await sleep(started + 1150 - performance.now());
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail.source).to.equal("jumio");
  });

  it("reports no load-timeout once the element was removed", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} load-timeout="150" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    expect(iframeOf(element)).to.not.equal(null);
    element.remove();
    await sleep(300);
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loading");
  });

  it("takes a load-timeout beyond what a timer holds (2³¹ − 1 ms) as that much: no load-timeout at once", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} load-timeout="3000000000" allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await settle(element);
    const log = record(element);
    await sleep(200);
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loading");
  });

  it("starts no load-timeout for an iframe adopted as the page loaded it: it may have said loaded before the element was defined", async () => {
    // A tag defined only once its server-rendered iframe has loaded and posted loaded to nobody.
    const tag = `jumio-late-${crypto.randomUUID()}`;
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const late = document.createElement(tag);
    late.setAttribute("load-timeout", "200");
    late.setAttribute("allowed-origins", FIXTURE_ORIGIN);
    const iframe = Object.assign(document.createElement("iframe"), {
      title: "Identity verification",
      allow: GUIDE_ALLOW,
      allowFullscreen: true,
    });
    const saidLoaded = received((event) => event.source === iframe.contentWindow);
    iframe.src = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    late.append(iframe);
    wrapper.append(late);
    await saidLoaded;
    const log = record(late);
    customElements.define(tag, class extends JumioVerificationElement {});
    const element = late as JumioVerificationElement;
    await sleep(400);
    expect(log.types()).to.deep.equal(["jumio-state-change"]);
    expect(element.state).to.equal("loading");
    // Its later messages still count.
    await command(iframe.contentWindow!, { post: [jumioMessage({ value: "success" })] });
    await until(() => element.state === "success");
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-message", "jumio-state-change", "jumio-success"]);
  });
});
