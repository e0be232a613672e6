import { expect, fixture, fixtureSync, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import {
  command,
  endpoint,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  frameWindow,
  iframeOf,
  jumioMessage,
  mount,
  sayLoaded,
  until,
} from "./helpers.js";

/** Records every value the listed attributes take, as `name=value` (null when removed). */
function attributeChanges(element: Element, names: string[]) {
  const seen: string[] = [];
  const observer = new MutationObserver((mutations) => {
    for (const { attributeName } of mutations) seen.push(`${attributeName}=${element.getAttribute(attributeName!)}`);
  });
  observer.observe(element, { attributes: true, attributeFilter: names });
  return { seen, stop: () => observer.disconnect() };
}

describe("label", () => {
  it("names the iframe Identity verification by default", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(iframeOf(element)!.title).to.equal("Identity verification");
  });

  it("becomes the iframe's title, and follows a change without reloading the frame", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification label="Verify your passport" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const frame = iframeOf(element)!;
    expect(frame.getAttribute("title")).to.equal("Verify your passport");
    element.setAttribute("label", "Vérifiez votre identité");
    await element.updateComplete;
    expect(iframeOf(element)).to.equal(frame);
    expect(frame.getAttribute("title")).to.equal("Vérifiez votre identité");
  });
});

describe("reflected attributes", () => {
  it("reflects state through fetching, loading, loaded and success, and size-class", async () => {
    const scripted = endpoint("200");
    const element = fixtureSync<JumioVerificationElement>(
      html`<div style="width: 600px"><jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification></div>`,
    ).querySelector("jumio-verification")!;
    const changes = attributeChanges(element, ["state"]);
    await until(() => element.state === "loading");
    await command(await frameWindow(element), {
      post: [jumioMessage({ value: "loaded" }), jumioMessage({ value: "success" })],
    });
    await until(() => element.state === "success");
    await until(() => element.getAttribute("size-class") === "small");
    changes.stop();
    expect(changes.seen).to.deep.equal(["state=fetching", "state=loading", "state=loaded", "state=success"]);
    expect(element.getAttribute("state")).to.equal(element.state);
    expect(element.getAttribute("size-class")).to.equal(element.sizeClass);
  });

  it("reflects state=idle on an element with neither href nor endpoint", async () => {
    const element = await fixture<JumioVerificationElement>(html`<jumio-verification></jumio-verification>`);
    expect(element.state).to.equal("idle");
    expect(element.getAttribute("state")).to.equal("idle");
  });

  it("has aria-busy while fetching and loading, and not once loaded", async () => {
    const scripted = endpoint("200");
    const { element } = mount(
      html`<jumio-verification endpoint=${scripted.url} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await element.updateComplete;
    expect(element.state).to.equal("fetching");
    expect(element.hasAttribute("aria-busy"), "fetching").to.equal(true);
    await until(() => element.state === "loading");
    await element.updateComplete;
    expect(element.hasAttribute("aria-busy"), "loading").to.equal(true);
    await sayLoaded(element);
    await element.updateComplete;
    expect(element.hasAttribute("aria-busy"), "loaded").to.equal(false);
  });

  it("has no aria-busy in the error state", async () => {
    const { element } = mount(html`<jumio-verification href="javascript:void 0"></jumio-verification>`);
    await element.updateComplete;
    expect(element.state).to.equal("error");
    expect(element.hasAttribute("aria-busy")).to.equal(false);
  });

  it('says aria-busy="true" while loading', async () => {
    const { element } = mount(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await element.updateComplete;
    expect(element.state).to.equal("loading");
    expect(element.getAttribute("aria-busy")).to.equal("true");
  });
});
