import { expect } from "@open-wc/testing";
import { allowedOriginOf, checkHref, parseAllowedOrigins, trustedHref } from "../../src/trust.js";
import { TOKEN, untrustedWarning, warningsDuring } from "./helpers.js";

const MOCK_ORIGIN = "http://127.0.0.1:5174";

describe("trustedHref: Jumio's domains", () => {
  it("accepts the guide's example href on a netverify.com subdomain", () => {
    // Guide, "Optional iFrame Logging": <iframe src="https://yourcompany.netverify.com/web/v4/app?locale=en-GB&authorizationToken=xxx" …>
    const href = "https://yourcompany.netverify.com/web/v4/app?locale=en-GB&authorizationToken=xxx";
    expect(trustedHref(href, [])?.href).to.equal(href);
  });

  it("accepts a regional jumio.ai subdomain", () => {
    const href = "https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=xxx";
    expect(trustedHref(href, [])?.href).to.equal(href);
  });

  it("accepts a jumio.com subdomain", () => {
    expect(trustedHref("https://acme.jumio.com/web/v4/app", [])?.hostname).to.equal("acme.jumio.com");
  });

  it("accepts the bare domains jumio.ai, netverify.com and jumio.com", () => {
    expect(trustedHref("https://jumio.ai/a", [])?.hostname).to.equal("jumio.ai");
    expect(trustedHref("https://netverify.com/a", [])?.hostname).to.equal("netverify.com");
    expect(trustedHref("https://jumio.com/a", [])?.hostname).to.equal("jumio.com");
  });

  it("accepts a Jumio host and scheme written in upper case", () => {
    expect(trustedHref("HTTPS://ACME.WEB.EMEA-1.JUMIO.AI/web/v4/app", [])?.href).to.equal(
      "https://acme.web.emea-1.jumio.ai/web/v4/app",
    );
  });

  it("accepts a Jumio host on an explicit port", () => {
    expect(trustedHref("https://acme.jumio.ai:8443/web/v4/app", [])?.origin).to.equal("https://acme.jumio.ai:8443");
  });
});

describe("trustedHref: hostile and malformed hrefs", () => {
  it("rejects a javascript: URL", () => {
    expect(trustedHref("javascript:alert(document.domain)//https://acme.jumio.ai/", [])).to.equal(null);
  });

  it("rejects a data: URL", () => {
    expect(trustedHref("data:text/html,<script>parent.postMessage('x','*')</script>", [])).to.equal(null);
  });

  it("rejects a blob: URL whose inner origin is a Jumio host", () => {
    expect(trustedHref("blob:https://x.jumio.ai/6e1b3a9c-0d3f-4b8e-9a51-2c7d8e9f0a1b", [])).to.equal(null);
  });

  it("rejects a blob: URL whose origin is an allowed origin", () => {
    // new URL("blob:http://127.0.0.1:5174/…").origin is "http://127.0.0.1:5174", so the origin alone must not decide.
    expect(trustedHref(`blob:${MOCK_ORIGIN}/6e1b3a9c-0d3f-4b8e-9a51-2c7d8e9f0a1b`, [MOCK_ORIGIN])).to.equal(null);
  });

  it("rejects about:blank", () => {
    expect(trustedHref("about:blank", [])).to.equal(null);
  });

  it("rejects plain http: to a Jumio host", () => {
    expect(trustedHref("http://acme.web.amer-1.jumio.ai/web/v4/app", [])).to.equal(null);
  });

  it("rejects a look-alike host that ends with jumio.ai without a dot boundary", () => {
    expect(trustedHref("https://evil-jumio.ai/web/v4/app", [])).to.equal(null);
  });

  it("rejects a look-alike host that ends with netverify.com without a dot boundary", () => {
    expect(trustedHref("https://notnetverify.com/web/v4/app", [])).to.equal(null);
  });

  it("rejects a host that starts with jumio.ai but belongs to another domain", () => {
    expect(trustedHref("https://jumio.ai.evil.example/web/v4/app", [])).to.equal(null);
  });

  it("rejects a Jumio host written with a trailing dot", () => {
    expect(trustedHref("https://acme.web.amer-1.jumio.ai./web/v4/app", [])).to.equal(null);
  });

  it("rejects credentials in front of a Jumio host", () => {
    expect(trustedHref("https://user:pass@acme.web.amer-1.jumio.ai/web/v4/app", [])).to.equal(null);
  });

  it("rejects a username alone in front of a Jumio host", () => {
    expect(trustedHref("https://evil.example@acme.web.amer-1.jumio.ai/web/v4/app", [])).to.equal(null);
  });

  it("rejects a Jumio name used as the userinfo of another host", () => {
    expect(trustedHref("https://acme.web.amer-1.jumio.ai@evil.example/web/v4/app", [])).to.equal(null);
  });

  it("rejects credentials in front of an allowed origin", () => {
    expect(trustedHref("http://user:pass@127.0.0.1:5174/web/v4/app", [MOCK_ORIGIN])).to.equal(null);
  });

  it("rejects a path-relative href", () => {
    expect(trustedHref("web/v4/app?authorizationToken=xxx", [])).to.equal(null);
  });

  it("rejects a root-relative href", () => {
    expect(trustedHref("/web/v4/app?authorizationToken=xxx", [])).to.equal(null);
  });

  it("rejects a protocol-relative href to a Jumio host", () => {
    expect(trustedHref("//acme.web.amer-1.jumio.ai/web/v4/app", [])).to.equal(null);
  });

  it("rejects an empty href", () => {
    expect(trustedHref("", [])).to.equal(null);
  });

  it("rejects an https origin that is not in the allowed origins", () => {
    expect(trustedHref("https://proxy.example.com/web/v4/app", ["https://other-proxy.example.com"])).to.equal(null);
  });

  it("rejects an allowed host on another port", () => {
    expect(trustedHref("http://127.0.0.1:5175/web/v4/app", [MOCK_ORIGIN])).to.equal(null);
  });

  it("rejects an allowed host reached over another scheme", () => {
    expect(trustedHref("https://127.0.0.1:5174/web/v4/app", [MOCK_ORIGIN])).to.equal(null);
  });
});

describe("trustedHref: allowed origins", () => {
  it("accepts an href on an allowed http loopback origin", () => {
    expect(trustedHref(`${MOCK_ORIGIN}/web/v4/app?authorizationToken=xxx`, [MOCK_ORIGIN])?.href).to.equal(
      `${MOCK_ORIGIN}/web/v4/app?authorizationToken=xxx`,
    );
  });

  it("accepts an href on an allowed https proxy origin", () => {
    expect(trustedHref("https://proxy.example.com/jumio/web/v4/app", ["https://proxy.example.com"])?.origin).to.equal(
      "https://proxy.example.com",
    );
  });
});

describe("allowed-origins rules", () => {
  let warnings: unknown[][];
  let originalWarn: typeof console.warn;

  beforeEach(() => {
    warnings = [];
    originalWarn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
  });

  afterEach(() => {
    console.warn = originalWarn;
  });

  it("keeps an https entry as its origin, without path", () => {
    expect(allowedOriginOf("https://proxy.example.com/jumio/")).to.equal("https://proxy.example.com");
  });

  it("keeps http on localhost, 127.0.0.1 and [::1]", () => {
    expect(parseAllowedOrigins(["http://localhost:5173", "http://127.0.0.1:5174", "http://[::1]:5175"])).to.deep.equal([
      "http://localhost:5173",
      "http://127.0.0.1:5174",
      "http://[::1]:5175",
    ]);
    expect(warnings).to.deep.equal([]);
  });

  it("drops http on a non-loopback host with a console warning naming it", () => {
    expect(parseAllowedOrigins(["http://proxy.example.com"])).to.deep.equal([]);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]?.[0])).to.contain("http://proxy.example.com");
  });

  it("drops http on a host that only starts with localhost", () => {
    expect(parseAllowedOrigins(["http://localhost.evil.example"])).to.deep.equal([]);
    expect(warnings).to.have.length(1);
  });

  it("drops http on a loopback address other than 127.0.0.1", () => {
    expect(parseAllowedOrigins(["http://127.0.0.2:5174"])).to.deep.equal([]);
    expect(warnings).to.have.length(1);
  });

  it("drops an entry carrying credentials", () => {
    expect(parseAllowedOrigins(["https://user:pass@proxy.example.com"])).to.deep.equal([]);
    expect(warnings).to.have.length(1);
  });

  it("names an entry carrying credentials by its origin alone, without its username or password", () => {
    parseAllowedOrigins([`https://proxy-user:${TOKEN}@proxy.example.com/jumio`]);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]?.[0])).to.contain("https://proxy.example.com");
    expect(String(warnings)).not.to.contain(TOKEN);
    expect(String(warnings)).not.to.contain("proxy-user");
  });

  it("does not echo an entry that is not a URL", () => {
    parseAllowedOrigins([`https://proxy-user:${TOKEN}@proxy.example.com:port`]);
    expect(warnings).to.have.length(1);
    expect(String(warnings)).not.to.contain(TOKEN);
    expect(String(warnings)).not.to.contain("proxy-user");
  });

  it("drops non-http schemes and non-URLs, one warning each, and keeps the good entries in order", () => {
    const origins = parseAllowedOrigins([
      "ftp://files.example.com",
      "https://a.example.com",
      "*",
      "null",
      "data:text/plain,x",
      "http://localhost:1",
    ]);
    expect(origins).to.deep.equal(["https://a.example.com", "http://localhost:1"]);
    expect(warnings).to.have.length(4);
  });

  it("does not trust an href on an origin that was dropped from the list", () => {
    const origins = parseAllowedOrigins(["http://proxy.example.com"]);
    expect(trustedHref("http://proxy.example.com/web/v4/app", origins)).to.equal(null);
  });
});

describe("checkHref: the warning that names the fix", () => {
  const query = `/web/v4/app?authorizationToken=${TOKEN}`;
  const refused: [string, string, string | null][] = [
    ["http: on a loopback host (the local mock)", `${MOCK_ORIGIN}${query}`, MOCK_ORIGIN],
    ["http: on localhost", `http://localhost:5174${query}`, "http://localhost:5174"],
    ["https: on a proxy", `https://proxy.example:8443${query}`, "https://proxy.example:8443"],
    ["https: on a look-alike of Jumio's domains", `https://evil-jumio.ai${query}`, "https://evil-jumio.ai"],
    ["http: off loopback", `http://proxy.example.com${query}`, null],
    ["http: on Jumio's domain", `http://acme.web.amer-1.jumio.ai${query}`, null],
    ["a Jumio URL with credentials", `https://user:${TOKEN}@acme.web.amer-1.jumio.ai/web/v4/app`, null],
    ["a javascript: URL", `javascript:alert("${TOKEN}")`, null],
    ["a data: URL", `data:text/html,${TOKEN}`, null],
    ["a relative URL", query, null],
  ];
  for (const [name, href, origin] of refused) {
    it(`refuses ${name}, warning ${origin ? `to add allowed-origins="${origin}"` : "that it can never be loaded"}, without the token`, async () => {
      let url: URL | null | undefined;
      const warnings = await warningsDuring(async () => {
        url = checkHref(href, []);
      });
      expect(url).to.equal(null);
      expect(warnings).to.deep.equal([[untrustedWarning(origin)]]);
      expect(String(warnings)).not.to.contain(TOKEN);
    });
  }

  it("returns the URL of a trusted href, Jumio's or on an allowed origin, and warns of nothing", async () => {
    const hrefs: URL[] = [];
    const warnings = await warningsDuring(async () => {
      for (const href of [`https://acme.web.amer-1.jumio.ai${query}`, `${MOCK_ORIGIN}${query}`]) {
        const url = checkHref(href, [MOCK_ORIGIN]);
        if (url) hrefs.push(url);
      }
    });
    expect(hrefs.map(String)).to.deep.equal([`https://acme.web.amer-1.jumio.ai${query}`, `${MOCK_ORIGIN}${query}`]);
    expect(warnings).to.deep.equal([]);
  });

  it("still names the origin to add when another origin is allowed", async () => {
    const warnings = await warningsDuring(async () => checkHref(`${MOCK_ORIGIN}${query}`, ["https://proxy.example"]));
    expect(warnings).to.deep.equal([[untrustedWarning(MOCK_ORIGIN)]]);
  });
});
