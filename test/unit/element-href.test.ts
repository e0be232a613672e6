import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import {
  command,
  FAKE_CLIENT,
  FIXTURE_ORIGIN,
  fixtureRequests,
  frameWindow,
  iframeOf,
  jumioMessage,
  mount,
  record,
  settle,
  TOKEN,
  until,
  untrustedWarning,
  warningsDuring,
} from "./helpers.js";

/** The invalid-href detail; its wording is free, but it names the href without quoting it (it may carry the token). */
function expectInvalidHref(detail: unknown) {
  const { description, ...rest } = detail as { description: unknown };
  expect(rest).to.deep.equal({ source: "element", code: "invalid-href" });
  expect(description).to.be.a("string").and.match(/href/i);
  expect(description).not.to.match(/authorizationToken|secret|evil|javascript|data:|blob:|127\.0\.0\.1/);
  return description as string;
}
const JUMIO_HOST = "acme.web.amer-1.jumio.ai";
const FIXTURE_HOST = new URL(FIXTURE_ORIGIN).host;

/** The element ended in the error state for an untrusted href: one event pair, no frame, the error slot shown; its description. */
async function expectRejected(element: JumioVerificationElement, log: ReturnType<typeof record>) {
  await settle(element);
  expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
  expect(log.events[0]!.detail).to.deep.equal({ state: "error", previous: "idle" });
  const description = expectInvalidHref(log.events[1]!.detail);
  expect(element.state).to.equal("error");
  expect(element.getAttribute("state")).to.equal("error");
  expect(iframeOf(element)).to.equal(null);
  const slot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="error"]');
  expect(slot, "error slot").to.not.equal(null);
  expect(slot!.assignedNodes()).to.deep.equal([]);
  const text = slot!.querySelector("p")!;
  expect(text.textContent).to.equal(description);
  expect(text.getBoundingClientRect().height).to.be.greaterThan(0);
  expect(slot!.querySelector("button")!.textContent).to.equal("Try again");
  expect(element.shadowRoot!.querySelector('slot[name="loading"]')).to.equal(null);
  return description;
}

/** Proves the fixture origin logs requests (a control request), then that none carried `marker`. */
async function expectNoFixtureRequestWith(marker: string) {
  const control = `/fake-client.html?control=${crypto.randomUUID()}`;
  await fetch(`${FIXTURE_ORIGIN}${control}`, { mode: "no-cors" });
  const requests = await fixtureRequests();
  expect(requests).to.include(control);
  expect(requests.filter((url) => url.includes(marker))).to.deep.equal([]);
}

describe("hrefs the element refuses to load", () => {
  // Each with the origin its warning says to add to allowed-origins, or null: none can trust it.
  const hostile: [string, string, string | null][] = [
    ["a javascript: URL", "javascript:parent.postMessage('loaded','*')", null],
    ["a data: URL", "data:text/html,<script>parent.postMessage('loaded','*')</script>", null],
    ["about:blank", "about:blank", null],
    ["an http: URL on Jumio's domain", `http://${JUMIO_HOST}/web/v4/app?authorizationToken=t`, null],
    ["the look-alike evil-jumio.ai", "https://evil-jumio.ai/web/v4/app?authorizationToken=t", "https://evil-jumio.ai"],
    [
      "the look-alike jumio.ai.evil.example",
      "https://jumio.ai.evil.example/web/v4/app?authorizationToken=t",
      "https://jumio.ai.evil.example",
    ],
    [
      "a Jumio hostname with a trailing dot",
      `https://${JUMIO_HOST}./web/v4/app?authorizationToken=t`,
      `https://${JUMIO_HOST}.`,
    ],
    ["a Jumio URL with a username and password", `https://user:secret@${JUMIO_HOST}/web/v4/app`, null],
    ["a Jumio URL with a username only", `https://evil.example@${JUMIO_HOST}/web/v4/app`, null],
    ["a Jumio hostname in the userinfo of another host", `https://${JUMIO_HOST}@evil.example/web/v4/app`, null],
    [
      "a Jumio hostname as user and password of another host",
      `https://${JUMIO_HOST}:443@evil.example/web/v4/app`,
      null,
    ],
    ["a relative URL", "/web/v4/app?authorizationToken=t", null],
    ["a protocol-relative URL to Jumio", `//${JUMIO_HOST}/web/v4/app?authorizationToken=t`, null],
    ["a bare Jumio hostname without a scheme", "jumio.ai", null],
  ];
  for (const [name, href, origin] of hostile) {
    it(`refuses ${name}: invalid-href, no iframe, the error slot shown, the fix in one warning`, async () => {
      const { element, log } = mount(
        html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
      );
      const warnings = await warningsDuring(() => expectRejected(element, log));
      expect(warnings).to.deep.equal([[untrustedWarning(origin)]]);
      expect(String(warnings)).not.to.match(/authorizationToken|secret/);
    });
  }

  it("refuses a blob: URL whose inner origin is an allowed origin, and requests nothing", async () => {
    const marker = crypto.randomUUID();
    const { element, log } = mount(
      html`<jumio-verification href=${`blob:${FIXTURE_ORIGIN}/${marker}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await expectRejected(element, log);
    await expectNoFixtureRequestWith(marker);
  });

  it("refuses userinfo on an allowed origin, and requests nothing", async () => {
    const marker = crypto.randomUUID();
    const href = `http://user:secret@${FIXTURE_HOST}/fake-client.html?t=${marker}`;
    const { element, log } = mount(
      html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await expectRejected(element, log);
    await expectNoFixtureRequestWith(marker);
  });

  it("refuses the fake client's URL when its origin is not in allowed-origins, requests nothing, and warns with the attribute to add", async () => {
    const marker = crypto.randomUUID();
    const { element, log } = mount(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${marker}&authorizationToken=${TOKEN}`}></jumio-verification>`,
    );
    const warnings = await warningsDuring(async () => {
      expect(await expectRejected(element, log)).to.equal("The href is not trusted.");
    });
    await expectNoFixtureRequestWith(marker);
    expect(warnings).to.deep.equal([[untrustedWarning(FIXTURE_ORIGIN)]]);
    expect(String(warnings)).not.to.contain(TOKEN);
  });

  it("refuses an origin that differs from an allowed one only by its port", async () => {
    const url = new URL(FIXTURE_ORIGIN);
    const otherPort = String(Number(url.port) === 65535 ? 65534 : Number(url.port) + 1);
    const href = `http://${url.hostname}:${otherPort}/fake-client.html`;
    const { element, log } = mount(
      html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await expectRejected(element, log);
  });

  it("removes a loaded frame instead of navigating it when href changes to a hostile one", async () => {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const frame = await frameWindow(element);
    await command(frame, { post: [jumioMessage({ value: "loaded" })] });
    await until(() => element.state === "loaded");
    const log = record(element);
    element.href = "javascript:parent.postMessage('x','*')";
    await settle(element);
    expect(log.types()).to.deep.equal(["jumio-state-change", "jumio-error"]);
    expect(log.events[0]!.detail).to.deep.equal({ state: "error", previous: "loaded" });
    expectInvalidHref(log.events[1]!.detail);
    expect(iframeOf(element)).to.equal(null);
  });

  it("loads a trusted href: state loading and an iframe at that URL (the control for the cases above)", async () => {
    const href = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    const { element, log } = mount(
      html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    await element.updateComplete;
    // The frame is there with the first update, its events a task later.
    expect(iframeOf(element)!.src).to.equal(href);
    expect(log.types()).to.deep.equal([]);
    await settle(element);
    expect(log.types()).to.deep.equal(["jumio-state-change"]);
    expect(log.events[0]!.detail).to.deep.equal({ state: "loading", previous: "idle" });
    expect(iframeOf(element)!.src).to.equal(href);
    expect(element.shadowRoot!.querySelector('slot[name="error"]')).to.equal(null);
  });
});

describe("the iframe's permissions", () => {
  // The guide's five for biometric face capture, and the three of Jumio's current embed guide.
  const FEATURES = [
    "camera",
    "fullscreen",
    "accelerometer",
    "gyroscope",
    "magnetometer",
    "autoplay",
    "clipboard-read",
    "clipboard-write",
  ];

  it("are in force in the web client's first document: allow is set before src", async function () {
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    const granted = await command(await frameWindow(element), { features: true });
    if (granted === null) this.skip(); // only Chromium lets a document read its Permissions Policy
    // The control: an iframe whose allow comes after src does not get them for its first document.
    const late = document.createElement("iframe");
    late.src = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`;
    document.body.append(late);
    late.allow = iframeOf(element)!.allow;
    const lateGranted = await command(late.contentWindow!, { features: true });
    late.remove();
    expect(granted).to.include.members(FEATURES);
    expect(lateGranted).not.to.include("camera");
  });
});
