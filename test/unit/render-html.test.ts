import { expect } from "@open-wc/testing";
import fc from "fast-check";
import "../../src/index.js";
import type { JumioVerificationElement } from "../../src/element.js";
import { renderVerificationHtml, type VerificationHtmlOptions } from "../../src/html.js";
import type { SizeOption } from "../../src/size-class.js";
import { allowedOriginOf } from "../../src/trust.js";
import { FAKE_CLIENT, FIXTURE_ORIGIN, fixtureRequests, iframeOf, record, states, until } from "./helpers.js";

const ALLOW = "camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer";

/** The markup as a browser parses it: what `body` holds, each element with its attributes. */
function parsed(markup: string) {
  const body = new DOMParser().parseFromString(markup, "text/html").body;
  const attributes = (element: Element | null | undefined) =>
    Object.fromEntries([...(element?.attributes ?? [])].map(({ name, value }) => [name, value]));
  const host = body.firstElementChild;
  const frame = host?.firstElementChild;
  return {
    /** Every element in the order the parser made them. */
    tags: [...body.querySelectorAll("*")].map((element) => element.localName),
    bodyNodes: body.childNodes.length,
    hostNodes: host?.childNodes.length,
    frameNodes: frame?.childNodes.length,
    host: attributes(host),
    frame: attributes(frame),
  };
}

// Characters that break out of an attribute or a tag when unescaped, and some that do not. (The
// HTML parser turns CR into LF and NUL into U+FFFD wherever they are: not a markup question.)
const TRICKY = fc.constantFrom(..."\"'<>&=/ ;#\n\ta", "é", "😀", "&amp;", "&quot;", "</iframe>", "<script>", "-->");
const trickyString = (minLength = 0) => fc.string({ unit: TRICKY, minLength, maxLength: 24 });

describe("renderVerificationHtml, parsed by the browser", () => {
  it("is the declarative element holding its iframe, and nothing else", () => {
    expect(
      parsed(renderVerificationHtml({ href: `${FAKE_CLIENT}?t=1`, allowedOrigins: FIXTURE_ORIGIN })),
    ).to.deep.equal({
      tags: ["jumio-verification", "iframe"],
      bodyNodes: 1,
      hostNodes: 1,
      frameNodes: 0,
      host: { "allowed-origins": FIXTURE_ORIGIN },
      frame: { src: `${FAKE_CLIENT}?t=1`, allow: ALLOW, allowfullscreen: "", title: "Identity verification" },
    });
  });

  it("gives back exactly the label, allowed origins and href query it was given, whatever they hold", () => {
    const options = fc.record({
      label: trickyString(1).filter((label) => label.trim() !== ""),
      // Quotes and & may be in a host name, where the browser's URL parser takes them (Firefox
      // refuses "); < and > may not.
      hosts: fc.array(
        fc.stringMatching(/^[a-z"'&]{1,8}$/).filter((host) => allowedOriginOf(`https://${host}.example`) !== null),
        { maxLength: 3 },
      ),
      query: trickyString(),
      size: fc.constantFrom<SizeOption>("auto", "large", "medium", "small", "x-small", "fill"),
      loadTimeout: fc.integer({ min: 1, max: 10 ** 9 }),
    });
    fc.assert(
      fc.property(options, ({ label, hosts, query, size, loadTimeout }) => {
        const allowedOrigins = hosts.map((host) => `https://${host}.example`);
        const href = `https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=${query}&locale=en`;
        const input: VerificationHtmlOptions = { href, label, allowedOrigins, size, loadTimeout };
        const origins = allowedOrigins.map((origin) => allowedOriginOf(origin));
        expect(parsed(renderVerificationHtml(input))).to.deep.equal({
          tags: ["jumio-verification", "iframe"],
          bodyNodes: 1,
          hostNodes: 1,
          frameNodes: 0,
          host: {
            ...(origins.length > 0 ? { "allowed-origins": origins.join(" ") } : {}),
            size,
            label,
            "load-timeout": String(loadTimeout),
          },
          frame: { src: new URL(href).href, allow: ALLOW, allowfullscreen: "", title: label },
        });
        const src = new URL(parsed(renderVerificationHtml(input)).frame.src ?? "");
        expect([...src.searchParams]).to.deep.equal([...new URL(href).searchParams]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("renderVerificationHtml's markup, as the page's HTML", () => {
  let container: HTMLElement | undefined;
  afterEach(() => container?.remove());

  /** Puts `markup` in the page as parsed HTML, as a server's response would have it; returns the element, its events recorded. */
  function insert(markup: string) {
    container = document.createElement("div");
    const fragment = document.createRange().createContextualFragment(markup);
    const element = fragment.querySelector<JumioVerificationElement>("jumio-verification");
    if (!element) throw new Error("no <jumio-verification> in the markup");
    const log = record(element);
    container.append(fragment);
    document.body.append(container);
    return { element, log };
  }

  it("is adopted by the element: the iframe loads once, loaded, and no frame of its own", async () => {
    const href = `${FAKE_CLIENT}?auto=loaded&authorizationToken=t&t=${crypto.randomUUID()}`;
    const { element, log } = insert(
      renderVerificationHtml({
        href,
        allowedOrigins: FIXTURE_ORIGIN,
        size: "small",
        label: "Verify",
        loadTimeout: 5000,
      }),
    );
    await until(() => element.state === "loaded");
    const frame = element.querySelector(":scope > iframe");
    expect(element.children).to.have.length(1);
    expect(frame?.getAttribute("src")).to.equal(href);
    expect(iframeOf(element)).to.equal(null);
    expect((await fixtureRequests()).filter((url) => url === href.slice(FIXTURE_ORIGIN.length))).to.have.length(1);
    expect(log.of("jumio-loaded")).to.have.length(1);
    expect(log.of("jumio-error")).to.deep.equal([]);
    expect(states(log).at(-1)).to.deep.equal({ state: "loaded", previous: "loading" });
    // The attributes are the element's options, read as markup sets them.
    expect([element.allowedOrigins, element.size, element.sizeClass, element.label, element.loadTimeout]).to.deep.equal(
      [FIXTURE_ORIGIN, "small", "small", "Verify", 5000],
    );
  });
});
