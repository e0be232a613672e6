import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { command, FAKE_CLIENT, FIXTURE_ORIGIN, frameWindow, iframeOf, jumioMessage, until } from "./helpers.js";

const href = () => `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;

describe("theming", () => {
  it("takes the heights, border, radius and background from the documented custom properties", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div style="width: 400px; --jumio-verification-height-x-small: 321px; --jumio-verification-border: 3px solid rgb(255, 0, 0); --jumio-verification-radius: 7px; --jumio-verification-background: rgb(0, 0, 255)">
        <jumio-verification href=${href()} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = wrapper.querySelector("jumio-verification")!;
    await until(() => element.getAttribute("size-class") === "x-small");
    const style = getComputedStyle(iframeOf(element)!);
    expect(style.height).to.equal("321px");
    expect(style.borderTopWidth).to.equal("3px");
    expect(style.borderTopColor).to.equal("rgb(255, 0, 0)");
    expect(style.borderTopLeftRadius).to.equal("7px");
    expect(style.backgroundColor).to.equal("rgb(0, 0, 255)");
  });

  it("lets the page style the iframe through ::part(iframe)", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <style>.themed::part(iframe) { outline: 4px dashed rgb(0, 128, 0); }</style>
        <jumio-verification class="themed" href=${href()} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = wrapper.querySelector<JumioVerificationElement>("jumio-verification")!;
    await element.updateComplete;
    expect(getComputedStyle(iframeOf(element)!).outlineColor).to.equal("rgb(0, 128, 0)");
  });

  it("puts the iframe first: the default loading notice lies over it, and so does loading content positioned as the README shows", async () => {
    const element = await fixture<JumioVerificationElement>(html`
      <jumio-verification href=${href()} allowed-origins=${FIXTURE_ORIGIN}>
        <style>jumio-verification > [slot="loading"] { position: absolute; inset: 0; }</style>
        <div slot="loading">Preparing your verification…</div>
      </jumio-verification>
    `);
    await element.updateComplete;
    expect(element.state).to.equal("loading");
    const root = element.shadowRoot!;
    expect(root.firstElementChild).to.equal(iframeOf(element));
    const frame = iframeOf(element)!.getBoundingClientRect();
    const rectOf = (target: Element) => JSON.stringify(target.getBoundingClientRect());
    expect(rectOf(element.querySelector('[slot="loading"]')!)).to.equal(JSON.stringify(frame));
    // The same element's default notice, without the page's loading content.
    element.querySelector('[slot="loading"]')!.remove();
    expect(rectOf(root.querySelector(".notice")!)).to.equal(JSON.stringify(frame));
  });

  it("leaks no style into the page: a page iframe, progress and paragraph keep their defaults", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <iframe title="page frame"></iframe><progress></progress><p class="notice visually-hidden sizer">page text</p>
        <jumio-verification href=${href()} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    await wrapper.querySelector<JumioVerificationElement>("jumio-verification")!.updateComplete;
    const frame = getComputedStyle(wrapper.querySelector("iframe")!);
    expect(frame.height).to.equal("150px");
    expect(frame.width).to.equal("300px");
    expect(getComputedStyle(wrapper.querySelector("progress")!).opacity).to.equal("1");
    const paragraph = getComputedStyle(wrapper.querySelector("p")!);
    expect(paragraph.position).to.equal("static");
    expect(paragraph.visibility).to.equal("visible");
  });
});

describe("accessibility in the other states", () => {
  it("passes axe when idle", async () => {
    const element = await fixture<JumioVerificationElement>(html`<jumio-verification></jumio-verification>`);
    expect(element.state).to.equal("idle");
    await expect(element).to.be.accessible();
  });

  it("passes axe after success", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${href()} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await command(await frameWindow(element), {
      post: [jumioMessage({ value: "loaded" }), jumioMessage({ value: "success" })],
    });
    await until(() => element.state === "success");
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it("passes axe while fetching", async () => {
    const endpoint = `/__endpoint?${new URLSearchParams({ id: crypto.randomUUID(), script: "hang" })}`;
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification endpoint=${endpoint}></jumio-verification>`,
    );
    expect(element.state).to.equal("fetching");
    await expect(element).to.be.accessible();
    element.remove();
  });
});
