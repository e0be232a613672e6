import { expect, html } from "@open-wc/testing";
import "../../src/index.js";
import {
  command,
  endpoint,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  frameWindow,
  iframeOf,
  jumioMessage,
  loadedElement,
  mount,
  record,
  reloadAsThePreviousDocumentPosts,
  sayLoaded,
  states,
  until,
  WORKFLOW_ID,
} from "./helpers.js";

describe("reload()", () => {
  it("loads href again in a new iframe and dispatches jumio-loaded again for the same workflow", async () => {
    // Each document of the fake client says loaded by itself: the second jumio-loaded is the new document's.
    const { element, href, loads } = await loadedElement();
    const first = iframeOf(element)!;
    const firstWindow = first.contentWindow!;
    const log = record(element);
    element.reload();
    await element.updateComplete;
    expect(element.state).to.equal("loading");
    expect(iframeOf(element)).to.not.equal(first);
    expect(first.isConnected).to.equal(false);
    // The previous document is gone with its frame: nothing it could post is left to count.
    expect(firstWindow.closed).to.equal(true);
    await until(() => log.of("jumio-loaded").length === 1);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-message", "jumio-state-change", "jumio-loaded"]);
    expect(states(log)).to.deep.equal([
      { state: "loading", previous: "loaded" },
      { state: "loaded", previous: "loading" },
    ]);
    expect(log.of("jumio-loaded")[0]!.detail.workflowExecutionId).to.equal(WORKFLOW_ID);
    expect(iframeOf(element)!.src).to.equal(href);
    expect(await loads()).to.equal(2);
  });

  it("does not count a message of the previous document, posted just before reload(), for the new navigation", async () => {
    const {
      element,
      log,
      window: previous,
    } = await reloadAsThePreviousDocumentPosts(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
      (element) => iframeOf(element)!,
      "loaded",
    );
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loading");
    expect(iframeOf(element)!.contentWindow === previous, "the same window").to.equal(false);
    await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-loaded"]);
  });

  it("fetches again from endpoint and loads the answer in a new iframe", async () => {
    const scripted = endpoint("200");
    const { element } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loading");
    await sayLoaded(element);
    const first = iframeOf(element)!;
    const log = record(element);
    element.reload();
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(iframeOf(element)).to.not.equal(first);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "loaded" },
      { state: "loading", previous: "fetching" },
    ]);
    expect((await scripted.log()).requests).to.have.length(2);
  });

  it("retries from the error slot's Try again button", async () => {
    const scripted = endpoint("400,200");
    const { element, log } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "error");
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLButtonElement>('slot[name="error"] button')!.click();
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(states(log)).to.deep.equal([
      { state: "fetching", previous: "idle" },
      { state: "error", previous: "fetching" },
      { state: "fetching", previous: "error" },
      { state: "loading", previous: "fetching" },
    ]);
    expect(element.shadowRoot!.querySelector('slot[name="error"]')).to.equal(null);
    expect(iframeOf(element)!.src).to.equal(scripted.href);
  });
});
