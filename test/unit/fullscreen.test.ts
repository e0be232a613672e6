import { expect, fixture, html } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { IFRAME_ALLOW } from "../../src/frame-markup.js";
import { FIXTURE_ORIGIN, iframeOf } from "./helpers.js";

const PAGE_ORIGIN = location.origin;

/** test/fixtures/fullscreen-probe.html on `origin`, telling this page under `id`, then going on to `next`. */
function probeUrl(origin: string, id: string, next?: string): string {
  const path = origin === PAGE_ORIGIN ? "/test/fixtures/fullscreen-probe.html" : "/fullscreen-probe.html";
  const url = new URL(path, origin);
  url.search = new URLSearchParams({ id, parent: PAGE_ORIGIN, ...(next ? { next } : {}) }).toString();
  return url.href;
}

/** Resolves with `document.fullscreenEnabled` of the probe's documents under `id`, by origin, once `count` have told. */
function probed(id: string, count: number): Promise<Record<string, boolean | null>> {
  return new Promise((resolve) => {
    const seen: Record<string, boolean | null> = {};
    const listener = ({ data }: MessageEvent) => {
      if (data?.probe !== id) return;
      seen[data.origin === PAGE_ORIGIN ? "page" : "src"] = data.enabled;
      if (Object.keys(seen).length < count) return;
      window.removeEventListener("message", listener);
      resolve(seen);
    };
    window.addEventListener("message", listener);
  });
}

/** What a frame on the fixture origin may do with these attributes: in its first document, and once it navigated to the page's origin. */
async function fullscreenIn(attributes: { allow?: string; allowFullscreen?: boolean }) {
  const id = crypto.randomUUID();
  const told = probed(id, 2);
  const frame = Object.assign(document.createElement("iframe"), attributes);
  frame.src = probeUrl(FIXTURE_ORIGIN, id, probeUrl(PAGE_ORIGIN, id));
  document.body.append(frame);
  try {
    return await told;
  } finally {
    frame.remove();
  }
}

describe("fullscreen in the web client's frame", () => {
  it("is allowed in the element's cross-origin frame, which has the guide's allow and allowfullscreen", async () => {
    const id = crypto.randomUUID();
    const told = probed(id, 1);
    const element = await fixture<JumioVerificationElement>(
      html`<jumio-verification href=${probeUrl(FIXTURE_ORIGIN, id)} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
    );
    expect(await told).to.deep.equal({ src: true });
    expect(iframeOf(element)!.hasAttribute("allowfullscreen")).to.equal(true);
  });

  // The evidence of docs/element.md, "The allowfullscreen warning".
  it("is the same with or without allowfullscreen beside an allow that names fullscreen", async () => {
    const withLegacy = await fullscreenIn({ allow: IFRAME_ALLOW, allowFullscreen: true });
    const without = await fullscreenIn({ allow: IFRAME_ALLOW });
    // allow's fullscreen is for the src's origin alone; allowfullscreen's would be for any (`fullscreen *`).
    expect(without).to.deep.equal({ src: true, page: false });
    expect(withLegacy).to.deep.equal(without);
  });

  it("is allowed to any origin by allowfullscreen where allow does not name fullscreen: the probe sees the attribute", async () => {
    expect(await fullscreenIn({ allow: "camera", allowFullscreen: true })).to.deep.equal({ src: true, page: true });
    expect((await fullscreenIn({ allow: "camera" })).src).to.equal(false);
  });
});
