import { expect, fixture, html } from "@open-wc/testing";
import { command, FAKE_CLIENT, FIXTURE_ORIGIN, jumioMessage, TOKEN, until } from "./helpers.js";

interface HostPage extends Window {
  probe: { events: { type: string; detail: unknown }[] };
  nativeHost: { posted: string[] };
}

const EXAMPLE = "/examples/webview/index.html";

/**
 * Opens examples/webview/index.html as served by test/test-servers.mjs (the file itself, with the
 * bridge a WebView injects and the fake client's origin trusted) at `#<href>`, as an app opens it.
 */
async function openExample(bridge: string, href: string) {
  const url = `/__page/webview/?bridge=${bridge}#${href}`;
  const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${url}></iframe>`);
  const page = frame.contentWindow as HostPage;
  // Until then, the frame's window is its initial about:blank.
  await until(() => "nativeHost" in page && page.document.readyState === "complete");
  const element = () => page.document.querySelector("jumio-verification")!;
  const posted = () => page.nativeHost.posted.map((message) => JSON.parse(message));
  return { page, element, posted };
}

/** The posted messages of the types page-probe.js records, and what it recorded of the DOM events, as JSON has them. */
function postedAndDispatched(page: HostPage, posted: { type: string }[]) {
  const recorded = new Set(page.probe.events.map(({ type }) => type));
  return [posted.filter(({ type }) => recorded.has(type)), JSON.parse(JSON.stringify(page.probe.events))];
}

describe("the example host page (examples/webview/index.html)", () => {
  it("is served as the file itself, with only the bridge and the fake client's origin put in", async () => {
    // web-test-runner's static server adds its own script to every page it serves.
    const file = (await (await fetch(EXAMPLE)).text()).replace(
      /\s*<!-- injected by web-dev-server -->\s*<script type="module" src="\/__web-dev-server__web-socket\.js"><\/script>/,
      "\n  ",
    );
    const served = await (await fetch("/__page/webview/?bridge=android")).text();
    const inserted =
      '<script src="/test/fixtures/page-probe.js"></script><script src="/test/fixtures/native-host.js?bridge=android"></script>';
    expect(served.replace(inserted, "").replace(` allowed-origins="${FIXTURE_ORIGIN}"`, "")).to.equal(file);
    expect(served).to.contain(inserted);
  });

  for (const bridge of ["webkit", "react-native", "android"]) {
    it(`posts every event of its element to the ${bridge} bridge, from loaded to success, with no token`, async () => {
      const { page, element, posted } = await openExample(
        bridge,
        `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`,
      );
      await until(() => posted().some((message) => message.type === "jumio-loaded"));
      const frame = element().shadowRoot!.querySelector("iframe")!.contentWindow!;
      await command(frame, { post: [jumioMessage({ value: "success" })] });
      await until(() => posted().some((message) => message.type === "jumio-success"));
      const types = posted().map(({ type }) => type);
      expect(types.filter((type) => type === "jumio-loaded" || type === "jumio-success")).to.deep.equal([
        "jumio-loaded",
        "jumio-success",
      ]);
      const [messages, events] = postedAndDispatched(page, posted());
      expect(messages).to.deep.equal(events);
      expect(events.map(({ type }: { type: string }) => type)).to.include.members([
        "jumio-state-change",
        "jumio-message",
      ]);
      expect(posted().at(-1).detail.value).to.equal("success");
      // The fake client's loaded carries "fake-token", the success helpers.ts's TOKEN.
      for (const secret of ["authorizationToken", "fake-token", TOKEN]) {
        expect(page.nativeHost.posted.join()).not.to.contain(secret);
      }
    });
  }

  it("posts the element's jumio-error when the fragment holds an untrusted href, and loads nothing", async () => {
    const { element, posted } = await openExample(
      "android",
      "https://acme.web.amer-1.jumio.ai.evil.example/web/v4/app",
    );
    await until(() => posted().some(({ type }) => type === "jumio-error"));
    const error = posted().find(({ type }) => type === "jumio-error");
    expect(error.detail).to.include({ source: "element", code: "invalid-href" });
    expect(element().shadowRoot!.querySelector("iframe")).to.equal(null);
  });

  it("stays idle and posts nothing when opened without a fragment", async () => {
    const { page, element } = await openExample("webkit", "");
    await until(() => page.customElements.get("jumio-verification") !== undefined);
    await (element() as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(element().getAttribute("state")).to.equal("idle");
    expect(page.nativeHost.posted).to.deep.equal([]);
  });
});
