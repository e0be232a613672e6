import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { FAKE_CLIENT, FIXTURE_ORIGIN, fixtureRequests, iframeOf, record, settle, states, until } from "./helpers.js";

describe("changing attributes of a loaded element", () => {
  it("stays loaded, with no load-timeout, when allowed-origins gains an origin", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification load-timeout="1000" href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.allowedOrigins = `${FIXTURE_ORIGIN} https://proxy.example`;
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 1150));
    expect(log.of("jumio-error")).to.deep.equal([]);
    expect(element.state).to.equal("loaded");
  });

  it("loads the frame again when href is set to the URL the endpoint already loaded", async () => {
    const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const scripted = `/__endpoint?${new URLSearchParams({ id: crypto.randomUUID(), script: "200", href })}`;
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification endpoint=${scripted} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.href = href;
    await until(() => log.of("jumio-loaded").length === 1);
    expect(states(log)).to.deep.equal([
      { state: "loading", previous: "loaded" },
      { state: "loaded", previous: "loading" },
    ]);
    const path = new URL(href).pathname + new URL(href).search;
    expect((await fixtureRequests()).filter((url) => url === path)).to.have.length(2);
  });

  it("reports invalid-href and removes the frame when allowed-origins drops the href's origin", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.allowedOrigins = "";
    await settle(element);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
    expect(log.of("jumio-error")[0]!.detail).to.include({ source: "element", code: "invalid-href" });
    expect(iframeOf(element)).to.equal(null);
  });
});

describe("removed attributes", () => {
  it("treats a removed allowed-origins as none: the fake client's href is no longer trusted", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await until(() => element.state === "loaded");
    const log = record(element);
    element.removeAttribute("allowed-origins");
    await settle(element);
    expect(log.of("jumio-error").map((event) => event.detail.code)).to.deep.equal(["invalid-href"]);
    expect(iframeOf(element)).to.equal(null);
  });
});
