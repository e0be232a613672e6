// The benchmark's two origins: the pages on http://localhost:P (the integrator's site, with
// its href endpoint) and the stand-in web client on http://127.0.0.1:Q (a second site, so
// Chromium puts the frame in its own process, as it would Jumio's).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { MINIMAL_ELEMENT, pageFor } from "./pages.mjs";

const ROOT = new URL("../", import.meta.url);
const BUNDLE = "dist/jumio-verification.min.js";
const NO_STORE = { "Cache-Control": "no-store" };

function listen(server, host) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve(server.address().port));
  });
}

async function readBody(request) {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

/**
 * Starts both servers, serving the bundle at `bundlePath` (the build, or a candidate) as the
 * built one's URL. Files are read once; every answer is `no-store`, so each page load in a
 * fresh browser context fetches, parses and compiles the bundle from scratch (a first visit).
 */
export async function startServers({ bundlePath }) {
  const bundle = readFileSync(bundlePath);
  const client = readFileSync(new URL("bench/client.html", ROOT));
  const scripts = new Map([
    [`/${BUNDLE}`, bundle],
    [MINIMAL_ELEMENT, readFileSync(new URL(MINIMAL_ELEMENT.slice(1), ROOT))],
  ]);

  const clientServer = createServer((request, response) => {
    if (new URL(request.url, "http://x").pathname !== "/client.html") return response.writeHead(404).end();
    // Embeddable by a cross-origin-isolated page (the throughput pages, for a 5 µs clock).
    const isolation = {
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "cross-origin",
    };
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...NO_STORE, ...isolation }).end(client);
  });
  const clientOrigin = `http://127.0.0.1:${await listen(clientServer, "127.0.0.1")}`;

  const pageServer = createServer(async (request, response) => {
    const url = new URL(request.url, "http://x");
    const script = scripts.get(url.pathname);
    if (script)
      return response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", ...NO_STORE }).end(script);
    if (url.pathname === "/api/verification-href") {
      // The host's backend: answers `{ href }` the way the README's endpoint does.
      await readBody(request);
      const href = `${clientOrigin}/client.html?${url.searchParams}`;
      return response.writeHead(200, { "Content-Type": "application/json", ...NO_STORE }).end(JSON.stringify({ href }));
    }
    const name = url.pathname.slice(1);
    const page = pageFor(name, { clientOrigin, query: url.searchParams, bundle: `/${BUNDLE}` });
    if (!page) return response.writeHead(404).end();
    // The throughput pages are cross-origin isolated: performance.now() ticks in 5 µs, not 100 µs.
    const isolated = name === "throughput" || name === "baseline";
    const isolation = isolated
      ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
      : {};
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...NO_STORE, ...isolation }).end(page);
  });
  // Bound to the IPv4 loopback; pages are opened as http://localhost:P (Chromium resolves
  // localhost itself), a different site from 127.0.0.1.
  const pageOrigin = `http://localhost:${await listen(pageServer, "127.0.0.1")}`;

  return {
    pageOrigin,
    clientOrigin,
    close: () =>
      Promise.all(
        [pageServer, clientServer].map((server) => {
          const closed = new Promise((resolve) => server.close(resolve));
          server.closeAllConnections();
          return closed;
        }),
      ),
  };
}
