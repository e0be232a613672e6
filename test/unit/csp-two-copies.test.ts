import { expect, fixture, html } from "@open-wc/testing";
import { FAKE_CLIENT, GLOBAL_API, until } from "./helpers.js";

interface Probe {
  violations: string[];
  events: { type: string }[];
  timeline: ({ ran: string } | { error: string })[];
}
type PageWindow = Window & { probe: Probe; JumioVerification?: Record<string, unknown> };

/**
 * Opens a page that loads the built bundle twice (`?copy=1`, then `?copy=2`) under the README's
 * strict CSP, with or without 'allow-duplicates', and waits for the web client's loaded. The
 * pages are static (test/fixtures/two-copies*.html), so the policy is a meta element, which
 * Trusted Types honour as they do the header.
 */
async function openTwoCopies(page: "two-copies" | "two-copies-no-duplicates") {
  const src = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
  const frame = await fixture<HTMLIFrameElement>(
    html`<iframe src=${`/test/fixtures/${page}.html?${new URLSearchParams({ src })}`}></iframe>`,
  );
  const window = () => frame.contentWindow as PageWindow;
  await until(() => window().probe?.events.some((event) => event.type === "jumio-loaded") ?? false);
  const { probe, document, JumioVerification } = window();
  return { probe, element: document.querySelector("jumio-verification")!, JumioVerification };
}

// Chromium, Firefox ESR 153 and WebKitGTK 2.50 all enforce Trusted Types, and behave alike here.
describe("two copies of the script-tag bundle under the strict CSP with Trusted Types", () => {
  it("load side by side with 'allow-duplicates': the element works, no error, no violation", async () => {
    const { probe, element, JumioVerification } = await openTwoCopies("two-copies");
    expect(probe.timeline.filter((entry) => "ran" in entry && entry.ran.startsWith("?copy="))).to.deep.equal([
      { ran: "?copy=1" },
      { ran: "?copy=2" },
    ]);
    expect(probe.timeline.filter((entry) => "error" in entry)).to.deep.equal([]);
    expect(probe.violations).to.deep.equal([]);
    expect(element.getAttribute("state")).to.equal("loaded");
    // One definition, so one listener: each event once.
    expect(probe.events.map((event) => event.type)).to.deep.equal([
      "jumio-state-change",
      "jumio-message",
      "jumio-state-change",
      "jumio-loaded",
    ]);
    expect(Object.keys(JumioVerification ?? {}).sort()).to.deep.equal(GLOBAL_API);
  });

  it("without 'allow-duplicates', the second copy fails creating lit-html's policy (the first one still works)", async () => {
    const { probe, element } = await openTwoCopies("two-copies-no-duplicates");
    const bundle = probe.timeline.filter((entry) => "error" in entry || entry.ran.startsWith("?copy="));
    expect(bundle).to.have.length(3);
    expect(bundle[0]).to.deep.equal({ ran: "?copy=1" });
    // Each engine words it its own way; all name the policy.
    expect((bundle[1] as { error: string }).error)
      .to.match(/createPolicy/)
      .and.to.contain("lit-html");
    expect(bundle[2]).to.deep.equal({ ran: "?copy=2" });
    expect(probe.violations).to.have.length(1);
    expect(probe.violations[0]).to.match(/^trusted-types trusted-types-policy /);
    expect(element.getAttribute("state")).to.equal("loaded");
  });
});
