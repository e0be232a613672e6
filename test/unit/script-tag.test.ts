import { expect, fixture, html } from "@open-wc/testing";
import { endpoint, FAKE_CLIENT, fixtureRequests, GLOBAL_API, until } from "./helpers.js";

interface Probe {
  violations: string[];
  events: { type: string; detail: unknown }[];
}
type PageWindow = Window & { probe?: Probe; JumioVerification?: Record<string, unknown> };

/** Opens a /__page/embed page (the built bundle, see test/test-servers.mjs) and waits for the web client's loaded. */
async function openPage(query: Record<string, string>) {
  const token = crypto.randomUUID();
  const src = `${FAKE_CLIENT}?auto=loaded&t=${token}`;
  const url = `/__page/embed?${new URLSearchParams({ src, ...query })}`;
  const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${url}></iframe>`);
  const page = () => frame.contentWindow as PageWindow;
  await until(() => page().probe?.events.some((event) => event.type === "jumio-loaded") ?? false);
  const element = page().document.querySelector("jumio-verification")!;
  return { page: page(), element, token, probe: page().probe! };
}

describe("the script-tag bundle (dist/jumio-verification.min.js)", () => {
  for (const script of ["classic", "defer", "module"]) {
    it(`works as a ${script} script under a strict CSP with Trusted Types, without a single violation`, async () => {
      const { page, element, probe } = await openPage({ script, csp: "1" });
      expect(probe.violations).to.deep.equal([]);
      expect(element.getAttribute("state")).to.equal("loaded");
      expect(probe.events.map((event) => event.type)).to.deep.equal([
        "jumio-state-change",
        "jumio-message",
        "jumio-state-change",
        "jumio-loaded",
      ]);
      expect(Object.keys(page.JumioVerification ?? {}).sort()).to.deep.equal(GLOBAL_API);
    });
  }

  it("renders the iframe with Jumio's allow list and allowfullscreen", async () => {
    const { element } = await openPage({});
    const iframe = element.shadowRoot!.querySelector("iframe")!;
    expect(iframe.getAttribute("allow")).to.equal(
      "camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer",
    );
    expect(iframe.hasAttribute("allowfullscreen")).to.equal(true);
  });

  it("applies its styles under the strict CSP: the iframe's block box and height, the hidden live region", async () => {
    const { page, element } = await openPage({ csp: "1" });
    const root = element.shadowRoot!;
    const iframe = page.getComputedStyle(root.querySelector("iframe")!);
    expect([iframe.display, iframe.boxSizing]).to.deep.equal(["block", "border-box"]);
    expect(iframe.height).to.equal(
      `${{ large: 710, medium: 660, small: 600, "x-small": 535 }[element.getAttribute("size-class")!]}px`,
    );
    expect(page.getComputedStyle(root.querySelector('[role="status"]')!).position).to.equal("absolute");
  });

  it("renders its templates as written: the error notice, its button, the live region", async () => {
    const { element } = await openPage({});
    element.setAttribute("href", "https://acme.web.amer-1.jumio.ai.evil.example/web/v4/app");
    await until(() => element.getAttribute("state") === "error");
    await (element as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    const root = element.shadowRoot!;
    expect([...root.children].map((child) => child.localName)).to.deep.equal(["slot", "p", "div", "slot"]);
    expect(root.querySelector('slot[name="error"] button')!.textContent).to.equal("Try again");
    const description = root.querySelector('slot[name="error"] p')!.textContent;
    expect(description).to.equal("The href is not trusted.");
    expect(root.querySelector('[role="status"]')!.textContent).to.equal(description);
  });
});

describe("endpoint mode in a page that loads the bundle with a blocking script", () => {
  it("asks its endpoint once and loads the answer", async () => {
    const { url, log } = endpoint("200", `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`);
    const { element } = await openPage({ script: "classic", endpoint: url });
    expect(element.getAttribute("state")).to.equal("loaded");
    expect((await log()).requests).to.have.length(1);
  });
});

describe("declarative mode: a server-rendered iframe", () => {
  for (const script of ["classic", "defer"]) {
    it(`is adopted in place and never reloaded when the bundle is a ${script} script in the head`, async () => {
      const { element, token, probe } = await openPage({ script, declarative: "1", csp: "1" });
      const iframe = element.querySelector("iframe")!;
      expect(iframe.id).to.equal("server-rendered");
      expect(element.shadowRoot!.querySelector("iframe")).to.equal(null);
      expect(element.getAttribute("state")).to.equal("loaded");
      expect((await fixtureRequests()).filter((url) => url.includes(token))).to.have.length(1);
      expect(probe.violations).to.deep.equal([]);
    });

    it(`asks its endpoint for nothing when it also has one (for auto-renew) and the bundle is a ${script} script in the head`, async () => {
      const { url, log } = endpoint("200");
      const { element } = await openPage({ script, declarative: "1", endpoint: url });
      expect(element.getAttribute("state")).to.equal("loaded");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await log()).requests).to.deep.equal([]);
    });
  }

  it("renews at once when the adopted frame's token expired while the page is still parsed (a classic script)", async () => {
    const fresh = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
    const { url, log } = endpoint("200", fresh);
    const src = `${FAKE_CLIENT}?auto=expired&t=${crypto.randomUUID()}`;
    // A script at the end of the body keeps the page parsing for 2 s; the frame says 9200 meanwhile.
    const { element, probe } = await openPage({
      script: "classic",
      declarative: "1",
      endpoint: url,
      src,
      slow: "2000",
    });
    expect(element.ownerDocument.readyState).to.equal("loading");
    expect(element.querySelector("iframe")!.src).to.equal(fresh);
    expect((await log()).requests).to.have.length(1);
    const specific = probe.events
      .map(({ type }) => type)
      .filter((type) => type === "jumio-error" || type === "jumio-loaded");
    expect(specific).to.deep.equal(["jumio-error", "jumio-loaded"]);
  });
});
