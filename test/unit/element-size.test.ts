import { expect, fixture, html, nextFrame } from "@open-wc/testing";
import { ifDefined } from "lit/directives/if-defined.js";
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

/** Waits for the element to take the size class `sizeClass`, then lets it settle. */
async function settledAs(element: JumioVerificationElement, sizeClass: string, timeoutMs?: number) {
  await until(() => element.getAttribute("size-class") === sizeClass, timeoutMs);
  await settled(element);
}

/** Renders the element, on a fresh fake client URL, in a container `width` px wide (and `height` px high, if given). */
async function mountInContainer(width: number, { height, size }: { height?: number; size?: string } = {}) {
  const style = height === undefined ? `width: ${width}px` : `width: ${width}px; height: ${height}px`;
  const container = await fixture<HTMLDivElement>(html`
    <div style=${style}>
      <jumio-verification size=${ifDefined(size)} href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>
    </div>
  `);
  return { container, element: container.querySelector("jumio-verification")! };
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

/**
 * Mounts the element 1000 px wide, detaches it, runs `whileDetached` (if given), re-attaches
 * it and narrows the container to 400 px: the element must follow to x-small.
 */
async function expectFollowsWidthAfterReattach(whileDetached?: (element: JumioVerificationElement) => Promise<void>) {
  const { container, element } = await mountInContainer(1000);
  await settled(element);
  expect(element.getAttribute("size-class")).to.equal("large");
  element.remove();
  if (whileDetached) await whileDetached(element);
  container.append(element);
  await settled(element);
  container.style.width = "400px";
  await settledAs(element, "x-small", 1000);
  expect(box(element)).to.deep.equal({ width: 400, height: 535 });
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
      const { element } = await mountInContainer(width);
      await settledAs(element, sizeClass);
      expect(element.getAttribute("size-class")).to.equal(sizeClass);
      expect(element.sizeClass).to.equal(sizeClass);
      expect(box(element)).to.deep.equal({ width, height: HEIGHTS[sizeClass] });
    });
  }

  it("follows a live resize of its container", async () => {
    const { container, element } = await mountInContainer(1000);
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("large");
    const changes = sizeClassChanges(element);
    container.style.width = "600px";
    await settledAs(element, "small");
    expect(box(element)).to.deep.equal({ width: 600, height: 600 });
    container.style.width = "400px";
    await settledAs(element, "x-small");
    expect(box(element)).to.deep.equal({ width: 400, height: 535 });
    container.style.width = "700px";
    await settledAs(element, "medium");
    changes.stop();
    expect(box(element)).to.deep.equal({ width: 700, height: 660 });
    expect(changes.seen.filter((value, index) => value !== changes.seen[index - 1])).to.deep.equal([
      "small",
      "x-small",
      "medium",
    ]);
  });

  it('pins size="small" whatever the width', async () => {
    const { container, element } = await mountInContainer(1200, { size: "small" });
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
    const { element } = await mountInContainer(700, { height: 400, size: "fill" });
    await settled(element);
    expect(element.getAttribute("size-class")).to.equal("fill");
    expect(element.sizeClass).to.equal("fill");
    expect(element.getBoundingClientRect().height).to.equal(400);
    expect(box(element)).to.deep.equal({ width: 700, height: 400 });
  });

  it("falls back to auto for an invalid size attribute", async () => {
    const { element } = await mountInContainer(700, { size: "huge" });
    await settledAs(element, "medium");
    expect(element.sizeClass).to.equal("medium");
    expect(box(element)).to.deep.equal({ width: 700, height: 660 });
  });

  it("switches from a pinned size back to following the width when size becomes auto", async () => {
    const { element } = await mountInContainer(400, { size: "large" });
    await settled(element);
    expect(box(element)).to.deep.equal({ width: 400, height: 710 });
    element.removeAttribute("size");
    await settledAs(element, "x-small");
    expect(box(element)).to.deep.equal({ width: 400, height: 535 });
  });

  it("follows the width after being detached and re-attached", async () => {
    await expectFollowsWidthAfterReattach();
  });

  it("follows the width after being re-attached when it re-rendered while detached", async () => {
    await expectFollowsWidthAfterReattach(async (element) => {
      element.label = "Verify your identity";
      await element.updateComplete;
    });
  });
});

describe("size classes and a scrollbar that the size class brings", () => {
  it("settles instead of flipping every frame when its height brings the container's scrollbar and a smaller class takes it away", async () => {
    // 905 px wide, 690 px high, overflow auto: large (710 px) overflows; where scrollbars take
    // room (Firefox here), that narrows it below 900 px: medium (660 px) fits, the scrollbar goes.
    const { container, element } = await mountInContainer(905, { height: 690 });
    container.style.overflow = "auto";
    const changes = sizeClassChanges(element);
    for (let frame = 0; frame < 20; frame++) await nextFrame();
    changes.stop();
    expect(changes.seen.length, JSON.stringify(changes.seen)).to.be.at.most(1);
  });
});
