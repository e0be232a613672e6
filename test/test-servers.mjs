// What the browser tests talk to besides the page: a second origin (127.0.0.1) serving the
// fake Jumio client, and a scripted stand-in for the host's href endpoint.
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";

const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
const WEBVIEW_EXAMPLE = new URL("../examples/webview/", import.meta.url).pathname;
const BUNDLE = new URL("../dist/jumio-verification.min.js", import.meta.url).pathname;
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };

/**
 * Serves test/fixtures/ on 127.0.0.1 at a free port: a real second origin for the page on
 * localhost. `requests` lists every URL asked for, so tests can prove a frame never loaded.
 * Every CORS preflight passes (and is not listed), so that a cross-origin POST reaches the
 * server, while its answer, without `Access-Control-Allow-Origin`, stays hidden from the page.
 */
export async function startFixtureOrigin() {
  const requests = [];
  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      return response
        .writeHead(204, {
          "Access-Control-Allow-Origin": request.headers.origin ?? "*",
          "Access-Control-Allow-Methods": "POST",
          "Access-Control-Allow-Headers": request.headers["access-control-request-headers"] ?? "",
        })
        .end();
    }
    requests.push(request.url);
    if (request.url.startsWith("/href-answer?")) {
      // Another origin's answer to the endpoint's redirected POST, readable by the page (CORS).
      const href = new URL(request.url, "http://x").searchParams.get("href");
      return response
        .writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" })
        .end(JSON.stringify({ href }));
    }
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^\/+/, "");
    const type = TYPES[extname(path)];
    if (!type || path.startsWith("..")) return response.writeHead(404).end();
    const stream = createReadStream(join(FIXTURES, path));
    stream.on("error", () => response.writeHead(404).end());
    stream.on("open", () => {
      response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
      stream.pipe(response);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() };
}

/**
 * Koa middleware for `/__endpoint?id=…&script=503,503,200&href=…`: the nth request of an id is
 * answered by the nth step of its script (the last one repeats). Steps: a status code (200
 * answers `{ href }`; 429 sends `Retry-After: 1`, `429/N` sends `Retry-After: N`), `web` (Jumio's
 * Account Create shape), `html`,
 * `shape` (JSON without href), `hang` (never answers) and `drop` (closes the connection unanswered),
 * `huge`, `huge-stream` and `huge-gzip` (an href and 1 MiB more), `redirect` (307 to the endpoint
 * again, as `id-redirected`) and `redirect-foreign` (307 to the fixture origin, which answers the href).
 * `GET /__endpoint/log?id=…` tells
 * what each id received: `requests`, and the `Idempotency-Key` of each in `idempotencyKeys`.
 */
export function endpointMiddleware(fixtureOrigin) {
  const logs = new Map();
  return async (context, next) => {
    if (context.path === "/__endpoint/log") {
      context.body = logs.get(context.query.id) ?? { requests: [], idempotencyKeys: [], aborted: 0 };
      return;
    }
    if (context.path !== "/__endpoint") return next();
    const { id, script = "200", href = "" } = context.query;
    const log = logs.get(id) ?? { requests: [], idempotencyKeys: [], aborted: 0 };
    logs.set(id, log);
    const body = await new Promise((resolve) => {
      let data = "";
      context.req.on("data", (chunk) => (data += chunk)).on("end", () => resolve(data));
    });
    log.requests.push({
      method: context.method,
      body,
      contentType: context.get("Content-Type"),
      accept: context.get("Accept"),
    });
    log.idempotencyKeys.push(context.get("Idempotency-Key"));
    const steps = String(script).split(",");
    const step = steps[Math.min(log.requests.length - 1, steps.length - 1)];
    if (step === "drop") {
      context.req.socket.destroy();
      context.respond = false;
      return;
    }
    if (step === "hang") {
      context.res.on("close", () => log.aborted++);
      await new Promise((resolve) => context.res.on("close", resolve));
      context.status = 204;
      context.respond = false;
      return;
    }
    if (step === "html") {
      context.type = "text/html";
      context.body = "<!doctype html><title>Oops</title>";
    } else if (step === "huge" || step === "huge-stream" || step === "huge-gzip") {
      // An href and 1 MiB more: its Content-Length says so, or (a stream) only its bytes do, or
      // (gzip) its Content-Length is the compressed one's, 1 kB.
      const json = JSON.stringify({ href, padding: "x".repeat(1024 * 1024) });
      context.type = "json";
      if (step === "huge-gzip") context.set("Content-Encoding", "gzip");
      if (step === "huge") context.body = json;
      else if (step === "huge-stream") context.body = Readable.from([json.slice(0, 1000), json.slice(1000)]);
      else context.body = gzipSync(json);
    } else if (step === "redirect" || step === "redirect-foreign") {
      const query = new URLSearchParams({ id: `${id}-redirected`, href });
      context.status = 307;
      context.redirect(
        step === "redirect"
          ? `/__endpoint?${query}`
          : `${fixtureOrigin()}/href-answer?${new URLSearchParams({ href })}`,
      );
    } else if (step === "shape") {
      context.body = { url: href };
    } else if (step === "web") {
      context.body = { account: { id: "acc-1" }, web: { href }, workflowExecution: { id: "wf-1" } };
    } else if (step === "200") {
      context.body = { href, accountId: "acc-1", workflowExecutionId: "wf-1" };
    } else {
      const [status, retryAfter = "1"] = step.split("/");
      context.status = Number(status);
      if (status === "429") context.set("Retry-After", retryAfter);
      context.body = { error: `scripted ${step}` };
    }
  };
}

const STRICT_CSP = (frameOrigin) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; frame-src ${frameOrigin}; ` +
  "require-trusted-types-for 'script'; trusted-types lit-html";

const escapeAttribute = (value) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * Koa middleware for `/__page/embed?src=…&script=classic|defer|module&csp=1&declarative=1&endpoint=…&slow=MS`:
 * a page that loads the built script-tag bundle and embeds the element, optionally under the
 * strict CSP of the core issue, optionally with a server-rendered iframe to adopt, optionally
 * with an endpoint (and auto-renew), optionally with a blocking script at the end of the body
 * that takes MS ms to arrive (`/__page/slow-script`): the page stays in parsing that long.
 * `test/fixtures/page-probe.js` records CSP violations and the element's events first.
 */
export function pageMiddleware(fixtureOrigin) {
  return async (context, next) => {
    if (context.path === "/__page/slow-script") {
      await new Promise((resolve) => setTimeout(resolve, Number(context.query.ms)));
      context.type = "js";
      context.body = "";
      return;
    }
    if (context.path !== "/__page/embed") return next();
    const { src, script = "classic", csp, declarative, endpoint, slow } = context.query;
    const origin = fixtureOrigin();
    const bundle = { classic: "", defer: " defer", module: ' type="module"' }[script];
    const attributes = `allowed-origins="${escapeAttribute(origin)}"${endpoint ? ` endpoint="${escapeAttribute(endpoint)}" auto-renew` : ""}`;
    const element = declarative
      ? `<jumio-verification ${attributes}><iframe id="server-rendered" src="${escapeAttribute(src)}" title="Identity verification" allow="camera;fullscreen;accelerometer;gyroscope;magnetometer" allowfullscreen></iframe></jumio-verification>`
      : `<jumio-verification ${attributes}${endpoint ? "" : ` href="${escapeAttribute(src)}"`}></jumio-verification>`;
    if (csp) context.set("Content-Security-Policy", STRICT_CSP(origin));
    context.type = "html";
    context.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed</title>
<script src="/test/fixtures/page-probe.js"></script>
<script src="/dist/jumio-verification.min.js"${bundle}></script></head>
<body>${element}${slow ? `<script src="/__page/slow-script?ms=${Number(slow)}"></script>` : ""}</body></html>`;
  };
}

/**
 * Koa middleware for `/__page/webview/…?bridge=webkit|react-native|android`: examples/webview/ as an
 * integrator serves it, with the built bundle beside it. Its index.html is read at each request
 * and gets two insertions: first in its head, page-probe.js and the native host's bridge
 * (test/fixtures/native-host.js), as a WebView injects its handler before the page's scripts;
 * and the fake client's origin in `allowed-origins`, as a page on the local mock needs it.
 */
export function webviewMiddleware(fixtureOrigin) {
  return async (context, next) => {
    const name = context.path.match(/^\/__page\/webview\/([\w.-]*)$/)?.[1];
    if (name === undefined) return next();
    if (name === "" || name === "index.html") {
      const page = await readFile(join(WEBVIEW_EXAMPLE, "index.html"), "utf8");
      const bridge = encodeURIComponent(context.query.bridge ?? "");
      context.type = "html";
      context.body = page
        .replace(
          "<head>",
          `<head><script src="/test/fixtures/page-probe.js"></script><script src="/test/fixtures/native-host.js?bridge=${bridge}"></script>`,
        )
        .replace("<jumio-verification", `<jumio-verification allowed-origins="${escapeAttribute(fixtureOrigin())}"`);
      return;
    }
    try {
      context.body = await readFile(name === "jumio-verification.min.js" ? BUNDLE : join(WEBVIEW_EXAMPLE, name));
      context.type = extname(name);
    } catch {
      context.status = 404;
    }
  };
}
