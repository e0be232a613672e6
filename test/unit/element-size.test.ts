import { expect, fixture, html, nextFrame } from "@open-wc/testing";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { FAKE_CLIENT, FIXTURE_ORIGIN, iframeOf, until } from "./helpers.js";

const HEIGHTS = { large: 710, medium: 660, small: 600, "x-small": 535 } as const;

/** Lets ResizeObserver deliver (it runs between layout and paint) and the element render what it learnt. */
async function settled(element: JumioVerificationElement) {
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
}

function box(element: JumioVerificationElement) {
  const rect = iframeOf(element)!.getBoundingClientRect();
  return { width: rect.width, height: rect.height };
}

/** Records every value the `size-class` attribute takes. */
function sizeClassChanges(element: JumioVerificationElement) {
  const seen: (string | null)[] = [];
  const observer = new MutationObserver(() => seen.push(element.getAttribute("size-class")));
  observer.observe(element, { attributes: true, attributeFilter: ["size-class"] });
  return { seen, stop: () => observer.disconnect() };
}

describe("size classes", () => {
  const cases: [number, keyof typeof HEIGHTS][] = [
    [320, "x-small"],
    [559, "x-small"],
    [560, "small"],
    [639, "small"],
    [640, "medium"],
    [899, "medium"],
    [900, "large"],
    [1200, "large"],
  ];
  for (const [width, sizeClass] of cases) {
    it(`is ${sizeClass} in a ${width} px wide container: size-class attribute and a ${HEIGHTS[sizeClass]} px high iframe`, async () => {
      const container = await fixture<HTMLDivElement>(html`
        <div style=${`width: ${width}px`}>
          <jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
        </div>
      `);
      const element = container.querySelector("jumio-verification")!;
      await until(() => element.getAttribute("size-class") === sizeClass);
      await settled(element);
      expect(element.getAttribute("size-class")).to.equal(sizeClass);
      expect(element.sizeClass).to.equal(sizeClass);
      expect(box(element)).to.deep.equal({ width, height: HEIGHTS[sizeClass] });
    });
  }

  it("follows a live resize of its container", async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 1000px">
        <jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("large");
    const changes = sizeClassChanges(element);
    container.style.width = "600px";
    await until(() => element.getAttribute("size-class") === "small");
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 600, height: 600 });
    container.style.width = "400px";
    await until(() => element.getAttribute("size-class") === "x-small");
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 400, height: 535 });
    container.style.width = "700px";
    await until(() => element.getAttribute("size-class") === "medium");
    await settled(element);
    changes.stop();
    expect(box(element)).to.deep.equal({ width: 700, height: 660 });
    expect(changes.seen.filter((value, index) => value !== changes.seen[index - 1])).to.deep.equal(["small", "x-small", "medium"]);
  });

  it('pins size="small" whatever the width', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 1200px">
        <jumio-verification size="small" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("small");
    expect(box(element)).to.deep.equal({ width: 1200, height: 600 });
    container.style.width = "320px";
    await settled(element);
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("small");
    expect(box(element)).to.deep.equal({ width: 320, height: 600 });
  });

  it('fills a 400 px high container with size="fill"', async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 700px; height: 400px">
        <jumio-verification size="fill" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("fill");
    expect(element.sizeClass).to.equal("fill");
    expect(element.getBoundingClientRect().height).to.equal(400);
    expect(box(element)).to.deep.equal({ width: 700, height: 400 });
  });

  it("falls back to auto for an invalid size attribute", async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 700px">
        <jumio-verification size="huge" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await until(() => element.getAttribute("size-class") === "medium");
    await settled(element);
    expect(element.sizeClass).to.equal("medium");
    expect(box(element)).to.deep.equal({ width: 700, height: 660 });
  });

  it("switches from a pinned size back to following the width when size becomes auto", async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 400px">
        <jumio-verification size="large" href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 400, height: 710 });
    element.removeAttribute("size");
    await until(() => element.getAttribute("size-class") === "x-small");
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 400, height: 535 });
  });

  it("follows the width after being detached and re-attached", async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 1000px">
        <jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("large");
    element.remove();
    container.append(element);
    await settled(element);
    container.style.width = "400px";
    await until(() => element.getAttribute("size-class") === "x-small", 1000);
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 400, height: 535 });
  });

  it("follows the width after being re-attached when it re-rendered while detached", async () => {
    const container = await fixture<HTMLDivElement>(html`
      <div style="width: 1000px">
        <jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
      </div>
    `);
    const element = container.querySelector("jumio-verification")!;
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("large");
    element.remove();
    element.label = "Verify your identity";
    await element.updateComplete;
    container.append(element);
    await settled(element);
    container.style.width = "400px";
    await until(() => element.getAttribute("size-class") === "x-small", 1000);
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 400, height: 535 });
  });
});
