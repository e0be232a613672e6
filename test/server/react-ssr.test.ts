import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ComponentType, createElement, type ReactNode } from "react";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { renderVerificationHtml } from "../../src/html.js";

// src/react.ts brings the browser side, whose DOM types this Node project has not: imported by
// URL, so untyped (as test/server/ssr-imports.test.ts imports the built entries).
const { JumioVerification } = (await import(new URL("../../src/react.ts", import.meta.url).href)) as {
  JumioVerification: ComponentType<Record<string, unknown>>;
};

const HREF = "https://mycompany.web.amer-1.jumio.ai/web/v4/app?authorizationToken=secret-token&locale=es";

/** React writes the boolean attribute as `allowFullScreen=""` (19) or `allowfullscreen=""` (18): the same HTML as `allowfullscreen`. */
const sameHtml = (markup: string) => markup.replace(/ allowfullscreen=""/i, " allowfullscreen");

const render = (props: Record<string, unknown>, ...children: ReactNode[]) =>
  renderToString(createElement(JumioVerification, props, ...children));

describe("<JumioVerification> rendered on the server", () => {
  const options = {
    href: `${HREF}&q="<'&'>"`,
    allowedOrigins: `https://a"b'c&d.example http://localhost:5173`,
    size: "small" as const,
    label: `Say "hi" & 'bye' <now>`,
    loadTimeout: 45000,
  };

  for (const [name, renderer] of [
    ["renderToString", renderToString],
    ["renderToStaticMarkup", renderToStaticMarkup],
  ] as const) {
    test(`with href, ${name} gives renderVerificationHtml's markup: the element around its iframe`, () => {
      const markup = renderer(createElement(JumioVerification, options));
      assert.equal(sameHtml(markup), renderVerificationHtml(options));
      assert.equal(
        sameHtml(renderer(createElement(JumioVerification, { href: HREF }))),
        renderVerificationHtml({ href: HREF }),
      );
    });
  }

  test("writes React's own props on the element, the callbacks nowhere, and the children after the iframe", () => {
    const markup = render(
      { href: HREF, id: "kyc", className: "verification", endpoint: "/api/verification", onJumioSuccess: () => {} },
      createElement("p", { slot: "loading", key: "loading" }, "Loading…"),
    );
    const frame = renderVerificationHtml({ href: HREF }).replace(/^<jumio-verification>|<\/jumio-verification>$/g, "");
    assert.equal(
      sameHtml(markup),
      `<jumio-verification id="kyc" class="verification">${frame}<p slot="loading">Loading…</p></jumio-verification>`,
    );
  });

  test("without href renders the element alone, its options left to the client as properties (as before)", () => {
    assert.equal(render({}), "<jumio-verification></jumio-verification>");
    assert.equal(
      render({
        endpoint: "/api/verification",
        label: "Verify",
        size: "small",
        allowedOrigins: "https://proxy.example",
      }),
      "<jumio-verification></jumio-verification>",
    );
  });

  for (const [name, props] of [
    ["an untrusted href", { href: "https://proxy.example/web/v4/app?authorizationToken=secret-token" }],
    ["a bad allowed origin", { href: HREF, allowedOrigins: "http://proxy.example" }],
    ["a bad load timeout", { href: HREF, loadTimeout: -1 }],
  ] as const) {
    test(`with ${name} renders no frame, and no href: the element reports it on the client`, () => {
      const markup = render(props);
      assert.equal(markup, "<jumio-verification></jumio-verification>");
    });
  }
});
