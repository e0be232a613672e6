import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { command, FAKE_CLIENT, FIXTURE_ORIGIN, frameWindow, jumioMessage, sayLoaded, until } from "./helpers.js";

describe("accessibility", () => {
  it("passes axe in the loaded state", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await sayLoaded(element);
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it("passes axe in the error state", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href="https://evil-jumio.ai/web/v4/app"></jumio-verification>`,
    );
    expect(element.state).to.equal("error");
    expect(element.shadowRoot!.querySelector('slot[name="error"] button')).to.not.equal(null);
    await expect(element).to.be.accessible();
  });

  it("passes axe in the loading state", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(element.state).to.equal("loading");
    await expect(element).to.be.accessible();
  });
});

describe("the live region", () => {
  const announced = (element: JumioVerificationElement) =>
    element.shadowRoot!.querySelector('[role="status"]')!.textContent;

  it("announces loaded, then a retryable error's description, then completion", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification label="ID check" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(announced(element)).to.equal("");
    const frame = await frameWindow(element);
    await command(frame, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    await element.updateComplete;
    expect(announced(element)).to.equal("ID check: loaded.");
    await command(frame, { post: [jumioMessage({ value: "error", code: 9800 })] });
    await until(() => announced(element) === "User has no network connection.");
    expect(element.state).to.equal("loaded");
    await command(frame, { post: [jumioMessage({ value: "success" })] });
    await until(() => element.state === "success");
    await element.updateComplete;
    expect(announced(element)).to.equal("ID check: completed.");
  });

  it("announces an element error's description", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href="javascript:alert(1)"></jumio-verification>`,
    );
    expect(announced(element)).to.equal("The href is not trusted.");
  });
});
