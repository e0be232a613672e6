// What the framework specs talk to: their pages, served by their own vite dev server on
// localhost (vite pre-bundles React, which is CommonJS, Vue's full build and Angular with its JIT
// compiler), and the simulated Jumio web client on a second origin, 127.0.0.1, as Jumio's would be.
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer as createViteServer } from "vite";
import { webClientPage } from "../../../../src/mock/web-client.js";

export interface WebClientOrigin {
  origin: string;
  /** `href` of a simulated web client for workflow `id`: it posts `loaded` once shown. */
  href(id: string): string;
  /** `href` of a page that never answers: the frame never posts anything. */
  hangingHref(): string;
  /** The path and query of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** The simulated web client of `src/mock/web-client.ts` on 127.0.0.1 at a free port. */
export async function startWebClient(): Promise<WebClientOrigin> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const id = url.searchParams.get("id");
    if (url.pathname === "/web/v4/app" && id) {
      const page = webClientPage({
        accountId: `account-${id}`,
        workflowExecutionId: `workflow-${id}`,
        authorizationToken: `token-${id}`,
      });
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page);
    } else if (url.pathname === "/web/v4/complete" && request.method === "POST") {
      response.writeHead(204).end();
    } else if (url.pathname === "/web/v4/hang") {
      // Never answered: the socket is destroyed by close().
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("The web client server has no port.");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    href: (id) => `${origin}/web/v4/app?id=${encodeURIComponent(id)}`,
    hangingHref: () => `${origin}/web/v4/hang`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PagesServer {
  /** `http://localhost:PORT/` */
  url: string;
  close(): Promise<void>;
}

/** Another React than the repo's `react` / `react-dom`, e.g. 18 (see `react.spec.ts`). */
export interface ReactPackages {
  /** Names vite's cache directory: each React gets its own pre-bundled copy. */
  name: string;
  /** The directory of the `react` package to serve for `react` and `react/*`. */
  react: string;
  /** The directory of the `react-dom` package to serve for `react-dom` and `react-dom/*`. */
  reactDom: string;
}

export interface PagesOptions {
  /** Serve this React for every import of `react` and `react-dom`, @lit/react's included. */
  react?: ReactPackages;
}

/** Serves `../pages/` with vite on localhost at a free port. */
export async function startPages(options: PagesOptions = {}): Promise<PagesServer> {
  const { react } = options;
  const vite = await createViteServer({
    configFile: false,
    root: fileURLToPath(new URL("../pages/", import.meta.url)),
    // Not the shared node_modules/.vite: `npm start` may be optimizing the demo's deps there.
    cacheDir: fileURLToPath(
      new URL(`../../../../node_modules/.vite-e2e-frameworks${react ? `-${react.name}` : ""}/`, import.meta.url),
    ),
    logLevel: "warn",
    clearScreen: false,
    resolve: {
      alias: [
        // Vue's full build compiles the page's `template` at run time, with `isCustomElement`.
        { find: /^vue$/, replacement: "vue/dist/vue.esm-bundler.js" },
        ...(react
          ? [
              { find: /^react$/, replacement: join(react.react, "index.js") },
              { find: /^react\/(.+)$/, replacement: join(react.react, "$1") },
              { find: /^react-dom$/, replacement: join(react.reactDom, "index.js") },
              { find: /^react-dom\/(.+)$/, replacement: join(react.reactDom, "$1") },
            ]
          : []),
      ],
    },
    define: {
      __VUE_OPTIONS_API__: "true",
      __VUE_PROD_DEVTOOLS__: "false",
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
    },
    // The Angular page's decorators, as `experimentalDecorators` compiles them (Angular's JIT
    // decorators are functions of the class, not TC39 decorators).
    oxc: { decorator: { legacy: true } },
    // Everything the pages import, bundled before the first request: no reload mid-test.
    optimizeDeps: {
      include: [
        "react",
        "react-dom",
        "react-dom/client",
        "@lit/react",
        "lit",
        "zod/v4/core",
        "vue/dist/vue.esm-bundler.js",
        "@angular/compiler",
        "@angular/core",
        "@angular/common",
        "@angular/platform-browser",
      ],
    },
    server: { host: "localhost", port: 0, strictPort: true, hmr: false, watch: null },
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0];
  if (!url) {
    await vite.close();
    throw new Error("vite did not report its local URL.");
  }
  return { url, close: () => vite.close() };
}
