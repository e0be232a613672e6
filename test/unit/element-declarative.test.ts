import { expect, fixture, html } from "@open-wc/testing";
import { nothing } from "lit";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import {
  command,
  endpoint,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  fixtureRequests,
  GUIDE_ALLOW,
  iframeOf,
  jumioMessage,
  mount,
  record,
  reloadAsThePreviousDocumentPosts,
  serverRenderedFrame,
  TOKEN,
  until,
  untrustedWarning,
  warningsDuring,
} from "./helpers.js";

describe("an adopted (server-rendered) iframe", () => {
  /** The element around a server-rendered iframe of the fake client, once that said loaded. */
  async function loadedAdopting() {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame()}</jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    return element;
  }

  it("is trusted for the URL it loads: a relative src on an allowed origin, resolved as the browser does", async () => {
    const element = await fixture<JumioVerificationElement>(html`
      <jumio-verification allowed-origins=${location.origin}>
        ${serverRenderedFrame(`/test/fixtures/fake-client.html?auto=loaded&t=${crypto.randomUUID()}`)}
      </jumio-verification>
    `);
    await until(() => element.state !== "loading");
    expect(element.state).to.equal("loaded");
  });

  // The page's own origin is allowed where a src that resolves to the page could pass for it.
  const withPage = `${FIXTURE_ORIGIN} ${location.origin}`;
  // The last of each: the origin its warning says to add to allowed-origins, or null: none can trust it.
  for (const [name, src, allowed, srcdoc, origin] of [
    [
      "an absolute src on an origin that is not allowed",
      `https://acme.web.amer-1.jumio.ai.evil.example/web/v4/app?authorizationToken=${TOKEN}`,
      FIXTURE_ORIGIN,
      null,
      "https://acme.web.amer-1.jumio.ai.evil.example",
    ],
    [
      "a relative src on the page's origin, which is not allowed",
      `/test/fixtures/fake-client.html?auto=loaded&authorizationToken=${TOKEN}`,
      FIXTURE_ORIGIN,
      null,
      location.origin,
    ],
    ["an empty src (the browser loads about:blank, not the page)", "", withPage, null, null],
    ["no src", null, withPage, null, null],
    [
      "a trusted src that a srcdoc overrides (the frame loads the srcdoc)",
      `${FAKE_CLIENT}?auto=loaded`,
      FIXTURE_ORIGIN,
      "<p>page text</p>",
      null,
    ],
  ] as const) {
    it(`refuses ${name}: invalid-href, the frame sent to about:blank, nothing from it dispatched, the fix in one warning`, async () => {
      const { element, log } = mount(html`
        <jumio-verification allowed-origins=${allowed}>
          <iframe src=${src ?? nothing} srcdoc=${srcdoc ?? nothing} title="Identity verification" allow=${GUIDE_ALLOW} allowfullscreen></iframe>
        </jumio-verification>
      `);
      const warnings = await warningsDuring(() => element.updateComplete);
      expect(warnings).to.deep.equal([[untrustedWarning(origin)]]);
      expect(String(warnings)).not.to.contain(TOKEN);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
      expect(log.of("jumio-error")[0]!.detail).to.include({
        source: "element",
        code: "invalid-href",
        description: "The adopted iframe's src is not trusted.",
      });
      expect(element.state).to.equal("error");
      const iframe = element.querySelector("iframe")!;
      expect(iframe.getAttribute("src")).to.equal("about:blank");
      await until(() => {
        try {
          return iframe.contentWindow!.location.href === "about:blank";
        } catch {
          return false; // still on another origin's document
        }
      });
    });
  }

  it("names in a console warning what it lacks of the guide's permissions, and warns of nothing when it has them", async () => {
    const warnings = await warningsDuring(async () => {
      await fixture(html`
        <jumio-verification allowed-origins=${FIXTURE_ORIGIN}>
          <iframe src=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} title="Identity verification" allow="camera; autoplay; gyroscope"></iframe>
        </jumio-verification>
      `);
      await fixture(
        html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame()}</jumio-verification>`,
      );
    });
    expect(warnings).to.deep.equal([
      [
        "jumio-verification: the adopted iframe lacks fullscreen, accelerometer, magnetometer, allowfullscreen; camera capture may fail.",
      ],
    ]);
  });

  it("keeps its document, its state and no load-timeout when href or endpoint is set: it follows its own src", async () => {
    const src = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const element = await fixture<JumioVerificationElement>(html`
      <jumio-verification load-timeout="1000" allowed-origins=${FIXTURE_ORIGIN}>
        ${serverRenderedFrame(src)}
      </jumio-verification>
    `);
    await until(() => element.state === "loaded");
    const iframe = element.querySelector("iframe")!;
    const log = record(element);
    element.href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    element.endpoint = "/api/verification";
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 1150));
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loaded");
    expect(element.querySelector("iframe")).to.equal(iframe);
    expect(iframeOf(element)).to.equal(null);
    const path = src.slice(FIXTURE_ORIGIN.length);
    expect((await fixtureRequests()).filter((url) => url === path)).to.have.length(1);
  });

  it("goes back to href when the page removes the adopted iframe", async () => {
    const element = await loadedAdopting();
    element.querySelector("iframe")!.remove();
    await until(() => element.state === "idle");
    const log = record(element);
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    element.href = href;
    await until(() => element.state === "loaded");
    expect(iframeOf(element)!.src).to.equal(href);
    expect(log.of("jumio-loaded")).to.have.length(1);
  });

  it("after reload(), loads its src in a copy in its place: the old document's message does not count, the new one's does", async () => {
    const src = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    const {
      element,
      log,
      frame: adopted,
    } = await reloadAsThePreviousDocumentPosts(
      html`<jumio-verification allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame(src)}</jumio-verification>`,
      (element) => element.querySelector("iframe")!,
      "success",
    );
    expect(log.types()).to.deep.equal([]);
    expect(element.state).to.equal("loading");
    const copy = element.querySelector("iframe")!;
    expect(copy).not.to.equal(adopted);
    expect(adopted.isConnected).to.equal(false);
    expect(element.querySelectorAll("iframe")).to.have.length(1);
    // The adopted one's attributes, src last: allow is on the copy before it navigates.
    const attributes = (frame: Element) => [...frame.attributes].map(({ name, value }) => [name, value]);
    expect(attributes(copy)).to.deep.equal([...attributes(adopted).filter(([name]) => name !== "src"), ["src", src]]);
    expect(copy.allow).to.equal(GUIDE_ALLOW);
    await command(copy.contentWindow!, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-loaded"]);
    // One load of the copy: its slotchange started no other run.
    const path = src.slice(FIXTURE_ORIGIN.length);
    expect((await fixtureRequests()).filter((url) => url === path)).to.have.length(2);
    expect(element.querySelector("iframe")).to.equal(copy);
  });

  it("on auto-renew, loads the endpoint's href in a copy in its place, and no longer hears the old document", async () => {
    const fresh = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    const scripted = endpoint("200", fresh);
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification endpoint=${scripted.url} auto-renew allowed-origins=${FIXTURE_ORIGIN}>${serverRenderedFrame()}</jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const adopted = element.querySelector("iframe")!;
    const previous = adopted.contentWindow!;
    await command(previous, { post: [jumioMessage({ value: "error", code: 9200 })] });
    await until(() => element.querySelector("iframe") !== adopted);
    const copy = element.querySelector("iframe")!;
    expect(copy.src).to.equal(fresh);
    expect(copy.allow).to.equal(GUIDE_ALLOW);
    expect(adopted.isConnected).to.equal(false);
    expect(previous.closed).to.equal(true);
    const log = record(element);
    await command(copy.contentWindow!, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.types()).to.deep.equal(["jumio-message", "jumio-state-change", "jumio-loaded"]);
    expect((await scripted.log()).requests).to.have.length(1);
  });

  it("adopts an iframe the page puts before it, and leaves the first one where the page has it", async () => {
    const element = await loadedAdopting();
    const first = element.querySelector("iframe")!;
    const second = Object.assign(document.createElement("iframe"), {
      src: `${FAKE_CLIENT}?t=${crypto.randomUUID()}`,
      title: "Identity verification",
      allow: GUIDE_ALLOW,
      allowFullscreen: true,
    });
    const log = record(element);
    element.prepend(second);
    await until(() => element.state === "loading");
    expect(first.parentElement).to.equal(element);
    expect(iframeOf(element)).to.equal(null);
    // The new one's messages count now; the first one's no longer do.
    await command(first.contentWindow!, { post: [jumioMessage({ value: "loaded" })] });
    await command(second.contentWindow!, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    expect(log.of("jumio-loaded")).to.have.length(1);
  });
});
