// The pages the benchmark loads. The four load cases share one skeleton, so that the only
// difference between them is how the verification iframe comes to exist.

// The element's `allow` list, from the build the benchmark runs on: the hand-written iframe gets the same.
import { IFRAME_ALLOW } from "../dist/frame-markup.js";

/** The load cases; each round of the benchmark loads them all, in a random order. */
export const CASES = [
  { id: "hand-written", label: "hand-written <iframe>" },
  { id: "minimal-element", label: "minimal element (control)", control: true },
  { id: "hand-written-script", label: "hand-written + script (control)", control: true },
  { id: "element", label: "element, href (script tag)" },
  { id: "declarative", label: "declarative (adopted iframe)" },
  { id: "endpoint", label: "element, endpoint" },
];

/**
 * The first `message` listener on window, added before the element's: it notes when each
 * message reaches the page. A last listener, added once the element is connected, adds up the
 * time in between: the element's own work for that message (see throughput.mjs).
 */
const STOPWATCH = `<script>
  window.__stopwatch = { start: 0, total: 0, timed: 0 };
  addEventListener("message", () => { window.__stopwatch.start = performance.now(); });
</script>`;

const escapeAttribute = (value) => String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function skeleton(title, head, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${head}
</head>
<body>
<h1>Verify your identity</h1>
${body}
</body>
</html>
`;
}

/** Where the pages load the control of minimal-element.js from. */
export const MINIMAL_ELEMENT = "/bench/minimal-element.js";

/** The HTML of page `name`, or null. `query` is the page's own query, passed on to the client. */
export function pageFor(name, { clientOrigin, query, bundle }) {
  const params = new URLSearchParams(query);
  const src = escapeAttribute(`${clientOrigin}/client.html?${params}`);
  const origins = escapeAttribute(clientOrigin);
  // As the README shows it: one classic script with `defer` in the head.
  const scriptFor = (path) => `<script src="${path}" defer></script>`;
  const script = scriptFor(bundle);
  const iframe = `<iframe src="${src}" title="Identity verification" allow="${IFRAME_ALLOW}" allowfullscreen`;
  switch (name) {
    case "hand-written":
      return skeleton("Hand-written iframe", "", `${iframe} width="100%" height="710"></iframe>`);
    case "hand-written-script":
      // The hand-written iframe on a page that also loads the bundle: what declarative mode
      // pays for the script tag alone (its request and compilation beside the parser).
      return skeleton("Hand-written iframe and the script", script, `${iframe} width="100%" height="710"></iframe>`);
    case "minimal-element":
      return skeleton(
        "Minimal element",
        scriptFor(MINIMAL_ELEMENT),
        `<jumio-verification href="${src}"></jumio-verification>`,
      );
    case "element":
      return skeleton(
        "Element, href",
        script,
        `<jumio-verification href="${src}" allowed-origins="${origins}"></jumio-verification>`,
      );
    case "declarative":
      return skeleton(
        "Declarative",
        script,
        `<jumio-verification allowed-origins="${origins}">${iframe}></iframe></jumio-verification>`,
      );
    case "endpoint":
      return skeleton(
        "Element, endpoint",
        script,
        `<jumio-verification endpoint="/api/verification-href?${escapeAttribute(params)}" allowed-origins="${origins}"></jumio-verification>`,
      );
    case "throughput":
      // The element on the stand-in client, which posts bursts of valid messages on request;
      // a stopwatch listens on window before the element does (see throughput.mjs).
      return skeleton(
        "Throughput",
        `${STOPWATCH}\n${script}`,
        `<jumio-verification href="${src}" allowed-origins="${origins}"></jumio-verification>`,
      );
    case "baseline":
      // The same frame without the element: what the browser alone pays to deliver messages.
      return skeleton("Baseline", STOPWATCH, `${iframe} width="100%" height="710"></iframe>`);
    case "memory":
      // Only the bundle: the benchmark mounts and unmounts elements itself.
      return skeleton("Memory", script, "");
    default:
      return null;
  }
}
