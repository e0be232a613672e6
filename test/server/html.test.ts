import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { renderVerificationHtml } from "../../src/html.js";
import * as server from "../../src/server/index.js";

// The guide's Account Create response: "href": "https://mycompany.web.amer-1.jumio.ai/web/v4/app?authorizationTokenxxx&locale=es"
const TOKEN = "secret-authorization-token-xyz";
const HREF = `https://mycompany.web.amer-1.jumio.ai/web/v4/app?authorizationToken=${TOKEN}&locale=es`;
const ALLOW = "camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer";

describe("renderVerificationHtml: the markup", () => {
  test("is the declarative element around its iframe, with the allow list and the default accessible name", () => {
    assert.equal(
      renderVerificationHtml({ href: HREF }),
      `<jumio-verification><iframe src="${HREF.replace("&", "&amp;")}" allow="${ALLOW}" allowfullscreen title="Identity verification"></iframe></jumio-verification>`,
    );
  });

  test("writes each option as the attribute the element reads, and the label as the iframe's title", () => {
    assert.equal(
      renderVerificationHtml({
        href: "http://127.0.0.1:5174/web/v4/app?id=1",
        allowedOrigins: "http://127.0.0.1:5174  https://proxy.example/path",
        size: "small",
        label: "Verify your identity",
        loadTimeout: 45000,
      }),
      '<jumio-verification allowed-origins="http://127.0.0.1:5174 https://proxy.example" size="small" label="Verify your identity" load-timeout="45000">' +
        `<iframe src="http://127.0.0.1:5174/web/v4/app?id=1" allow="${ALLOW}" allowfullscreen title="Verify your identity"></iframe></jumio-verification>`,
    );
  });

  test("takes allowed origins as a list as well as space-separated", () => {
    const options = { href: "https://proxy.example/app", size: "fill" } as const;
    assert.equal(
      renderVerificationHtml({ ...options, allowedOrigins: ["https://proxy.example", "http://localhost:5173"] }),
      renderVerificationHtml({ ...options, allowedOrigins: "https://proxy.example http://localhost:5173" }),
    );
  });

  test("writes the href as the URL it was checked as, absolute and normalized", () => {
    const html = renderVerificationHtml({ href: "HTTPS://ACME.Jumio.AI/web/v4/app?a=b c" });
    assert.match(html, / src="https:\/\/acme\.jumio\.ai\/web\/v4\/app\?a=b%20c" /);
  });

  test("escapes quotes, <, > and & in every attribute: label, allowed origins and the href's query", () => {
    const label = `Say "hi" & 'bye' <b>now</b>`;
    const html = renderVerificationHtml({
      href: `https://a"b'c&d.example/app?x="y"&q='<x>'`,
      allowedOrigins: `https://a"b'c&d.example`,
      label,
    });
    const escapedLabel = "Say &quot;hi&quot; &amp; &#x27;bye&#x27; &lt;b&gt;now&lt;/b&gt;";
    assert.equal(
      html,
      `<jumio-verification allowed-origins="https://a&quot;b&#x27;c&amp;d.example" label="${escapedLabel}">` +
        `<iframe src="https://a&quot;b&#x27;c&amp;d.example/app?x=%22y%22&amp;q=%27%3Cx%3E%27" allow="${ALLOW}" allowfullscreen title="${escapedLabel}"></iframe></jumio-verification>`,
    );
  });

  test("is what jumio-verification/server exports", () => {
    assert.equal(server.renderVerificationHtml, renderVerificationHtml);
  });
});

describe("renderVerificationHtml: the href must be trusted", () => {
  const untrusted: [string, string, string[]?][] = [
    ["http: on an origin that is not allowed", `http://proxy.example/web/v4/app?authorizationToken=${TOKEN}`],
    ["http: on a Jumio domain", `http://mycompany.web.amer-1.jumio.ai/web/v4/app?authorizationToken=${TOKEN}`],
    ["https: on an origin that is not allowed", `https://proxy.example/web/v4/app?authorizationToken=${TOKEN}`],
    [
      "an allowed origin's host on another port",
      `https://proxy.example:8443/app?authorizationToken=${TOKEN}`,
      ["https://proxy.example"],
    ],
    ["credentials in the URL", `https://user:${TOKEN}@mycompany.web.amer-1.jumio.ai/web/v4/app?locale=es`],
    ["a javascript: URL", `javascript:alert("${TOKEN}")`],
    [
      "a lookalike domain ending in a Jumio one",
      `https://mycompany.web.amer-1.jumio.ai.evil.example/web/v4/app?authorizationToken=${TOKEN}`,
    ],
    ["a lookalike domain joined to a Jumio one", `https://eviljumio.ai/web/v4/app?authorizationToken=${TOKEN}`],
    ["a relative URL", `/web/v4/app?authorizationToken=${TOKEN}`],
    ["an empty string", ""],
  ];
  for (const [name, href, allowedOrigins] of untrusted) {
    test(`throws for ${name}, and the message holds no token`, () => {
      assert.throws(
        () => renderVerificationHtml({ href, ...(allowedOrigins ? { allowedOrigins } : {}) }),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.match(error.message, /^jumio-verification: the href \(.+\) is not trusted: /);
          assert.doesNotMatch(error.message, new RegExp(`${TOKEN}|authorizationToken|/web/v4|user`));
          return true;
        },
      );
    });
  }

  test("names the href by its origin alone", () => {
    assert.throws(
      () => renderVerificationHtml({ href: `https://proxy.example:8443/app?authorizationToken=${TOKEN}` }),
      {
        message:
          "jumio-verification: the href (https://proxy.example:8443) is not trusted: it must be https: on Jumio's domains or on one of allowedOrigins, without credentials.",
      },
    );
    assert.throws(() => renderVerificationHtml({ href: "javascript:alert(1)" }), {
      message: /the href \(javascript:\)/,
    });
    assert.throws(() => renderVerificationHtml({ href: "/web/v4/app" }), {
      message: /the href \(not an absolute URL\)/,
    });
  });
});

describe("renderVerificationHtml: bad options throw", () => {
  for (const entry of [
    "http://proxy.example",
    "ftp://proxy.example",
    "proxy.example",
    `https://user:${TOKEN}@proxy.example`,
  ]) {
    test(`an allowed origin ${entry.replace(TOKEN, "…")}, named without credentials`, () => {
      for (const allowedOrigins of [entry, ["https://proxy.example", entry]]) {
        assert.throws(
          () => renderVerificationHtml({ href: HREF, allowedOrigins }),
          (error: unknown) => {
            assert.ok(error instanceof Error);
            assert.match(
              error.message,
              /^jumio-verification: an allowed origin \(.+\) must be https: \(or http: on a loopback host\), without credentials\.$/,
            );
            assert.doesNotMatch(error.message, new RegExp(TOKEN));
            return true;
          },
        );
      }
    });
  }

  for (const size of ["huge", "", "Large", 42, null]) {
    test(`size ${JSON.stringify(size)}`, () => {
      assert.throws(() => renderVerificationHtml({ href: HREF, size: size as never }), {
        message: /^jumio-verification: size must be one of auto, large, medium, small, x-small, fill; got /,
      });
    });
  }

  for (const loadTimeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "500", null]) {
    test(`loadTimeout ${String(loadTimeout)}`, () => {
      assert.throws(() => renderVerificationHtml({ href: HREF, loadTimeout: loadTimeout as never }), {
        message: /^jumio-verification: loadTimeout must be a positive number of milliseconds; got /,
      });
    });
  }

  for (const label of ["", "   ", 42, null]) {
    test(`label ${JSON.stringify(label)}: the iframe needs an accessible name`, () => {
      assert.throws(() => renderVerificationHtml({ href: HREF, label: label as never }), {
        message: "jumio-verification: label must be a non-empty string: it is the iframe's accessible name.",
      });
    });
  }

  test("accepts every size and a fractional load timeout", () => {
    for (const size of ["auto", "large", "medium", "small", "x-small", "fill"] as const)
      assert.match(renderVerificationHtml({ href: HREF, size }), new RegExp(` size="${size}"`));
    assert.match(renderVerificationHtml({ href: HREF, loadTimeout: 1500.5 }), / load-timeout="1500.5"/);
  });
});

test("html.ts imports nothing but modules of its own, none of Node's: it runs in edge runtimes", async () => {
  const seen = new Set<string>();
  const visit = async (url: URL): Promise<void> => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const source = await readFile(url, "utf8");
    for (const [, specifier = ""] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
      assert.match(specifier, /^\.\.?\//, `${url.pathname} imports ${specifier}`);
      await visit(new URL(specifier.replace(/\.js$/, ".ts"), url));
    }
  };
  await visit(new URL("../../src/html.ts", import.meta.url));
  assert.ok(seen.size > 1);
});

test("the package exports it as built, from jumio-verification/html and jumio-verification/server", async () => {
  // Resolved as a consumer's import is, through package.json "exports" (needs `npm run build`).
  const entry = (name: string): Promise<{ renderVerificationHtml?: unknown }> => import(`jumio-verification/${name}`);
  const [html, built] = await Promise.all([entry("html"), entry("server")]);
  assert.equal(typeof html.renderVerificationHtml, "function");
  assert.equal(built.renderVerificationHtml, html.renderVerificationHtml);
});
