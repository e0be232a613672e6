// The docs' server-rendered examples as users run them, against the simulated Jumio, in
// Chromium: examples/express/server.ts with tsx (the package by its own name: needs `dist`), and
// examples/next in an app of its own made as docs/getting-started.md says (create-next-app's
// defaults: Turbopack, cacheComponents), built by `next build` and served by `next start`,
// importing the package as `npm pack` makes it.
// The guide: "The iFrame must be present when the page loads" — so the frame is looked for in
// the page's first HTML byte stream, then the element must adopt that very frame.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { IFRAME_ALLOW } from "../../src/frame-markup.js";
import { renderVerificationHtml } from "../../src/html.js";
import { type MockJumio, startMockJumio } from "../../src/mock/index.js";
import { events, recordEvents } from "./support/handover.js";
import { expectPinned } from "./support/pins.js";
import { freePort, installPacked, run, start, userEnv } from "./support/processes.js";

const ROOT = new URL("../../", import.meta.url).pathname;
/** Next.js and its peers, pinned (frameworks/next/, installed by `npm run test:e2e`): create-next-app, and the app's versions. */
const NEXT_PACKAGE = new URL("./frameworks/next/", import.meta.url).pathname;
/** The script-tag bundle both pages load, as built. */
const BUNDLE = readFileSync(join(ROOT, "dist/jumio-verification.min.js"));

let mock: MockJumio;
let dataDir: string;

test.beforeAll(async () => {
  mock = await startMockJumio({ processingDelayMs: 0 });
  dataDir = mkdtempSync(join(tmpdir(), "jumio-verification-examples-e2e-"));
});

test.afterAll(async () => {
  await mock?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** What both examples read from their environment, as docs/server.md says. */
function exampleEnv(origin: string, name: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUMIO_BASE_URL: mock.url,
    JUMIO_CLIENT_ID: mock.clientId,
    JUMIO_CLIENT_SECRET: mock.clientSecret,
    JUMIO_DATA_DIR: join(dataDir, name),
    PUBLIC_ORIGIN: origin,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

interface Server {
  origin: string;
  close(): Promise<void>;
}

async function startExpress(): Promise<Server> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { stop: close } = await start(process.execPath, ["--import", "tsx", "examples/express/server.ts"], {
    cwd: ROOT,
    env: { ...exampleEnv(origin, "express"), PORT: String(port) },
    ready: /^listening on/,
  });
  return { origin, close };
}

type Manifest = Record<"dependencies" | "devDependencies", Record<string, string> | undefined>;
const dependenciesOf = (dir: string) => {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
  return { ...manifest.dependencies, ...manifest.devDependencies };
};

/**
 * examples/next as the doc makes it, in a folder of its own outside this repository (a newcomer's):
 * `create-next-app my-app --yes` (its defaults, its git repository) and its `npm install`, from
 * frameworks/next's lockfile so at the pinned versions, with the doc's PGlite; the package from
 * `npm pack`; the example's files copied in, examples/users.ts as lib/users.ts. Its own
 * package-lock.json makes it Turbopack's root, which compiles nothing outside it. Then `npm run
 * build` and `npm run lint`, as create-next-app set them. Returns the app's folder.
 */
async function buildNext(parent: string): Promise<string> {
  const env = { ...userEnv(), NEXT_TELEMETRY_DISABLED: "1" };
  const createNextApp = join(NEXT_PACKAGE, "node_modules/.bin/create-next-app");
  await run(createNextApp, ["my-app", "--yes", "--skip-install"], { cwd: parent, env });
  const app = join(parent, "my-app");
  expectPinned(app, NEXT_PACKAGE);
  // npm keeps each locked version that is in the app's range, and drops what the app does not ask for.
  cpSync(join(NEXT_PACKAGE, "package-lock.json"), join(app, "package-lock.json"));
  const pinned = dependenciesOf(NEXT_PACKAGE);
  const pglite = `@electric-sql/pglite@${pinned["@electric-sql/pglite"]}`;
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", pglite], { cwd: app, env });
  for (const name of Object.keys(dependenciesOf(app))) {
    const installed = JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    };
    expect(installed.version, `${name} as pinned`).toBe(pinned[name]);
  }
  await installPacked(app);
  // Not examples/next/tsconfig.json, this repository's type check of the example (the app keeps
  // create-next-app's), nor its lib/users.ts, which re-exports examples/users.ts for this repository.
  const ours = ["tsconfig.json", "lib/users.ts"].map((file) => join(ROOT, "examples/next", file));
  cpSync(join(ROOT, "examples/next"), app, { recursive: true, filter: (source) => !ours.includes(source) });
  cpSync(join(ROOT, "examples/users.ts"), join(app, "lib/users.ts"));
  const { stdout, stderr } = await run("npm", ["run", "build"], { cwd: app, env });
  // Its own root: no lockfile above it that Next.js took for the root, or says it ignored.
  expect(`${stdout}${stderr}`).not.toMatch(/Next\.js (inferred your workspace root|ignored)/);
  await run("npm", ["run", "lint"], { cwd: app, env });
  return app;
}

/** `next start`, or `next dev`, in the app: its output too, where the server's warnings go. */
async function startNext(app: string, mode: "start" | "dev" = "start"): Promise<Server & { lines: readonly string[] }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { stop: close, lines } = await start(join(app, "node_modules/.bin/next"), [mode, "-p", String(port)], {
    cwd: app,
    env: exampleEnv(origin, `next-${mode}`),
    ready: /Ready in/,
  });
  return { origin, close, lines };
}

/** The declarative element as the page's HTML holds it: its opening tag and its iframe's, whatever the serializer. */
const DECLARATIVE = /<jumio-verification\b([^>]*)><iframe\b([^>]*)><\/iframe><\/jumio-verification>/i;

/** An opening tag's attributes (names lowercased, values unescaped as the parser would). */
function attributesOf(tag: string): Record<string, string> {
  const decode = (value: string) =>
    value.replace(
      /&(amp|quot|#x27|lt|gt);/g,
      (_, name: string) => ({ amp: "&", quot: '"', "#x27": "'", lt: "<", gt: ">" })[name]!,
    );
  return Object.fromEntries(
    [...tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name!.toLowerCase(), decode(value ?? "")]),
  );
}

/** The frame in the page's HTML as the server sent it (not the DOM), for a signed-in user. */
async function frameInHtml(request: APIRequestContext, origin: string, user: string) {
  const response = await request.get(`${origin}/verify`, { headers: { Cookie: `session=${user}` } });
  expect(response.status()).toBe(200);
  const html = await response.text();
  const [markup, element, frame] = DECLARATIVE.exec(html) ?? [];
  expect(markup, "the page's HTML holds <jumio-verification><iframe …></iframe></jumio-verification>").toBeDefined();
  return { html, markup: markup!, element: attributesOf(element!), frame: attributesOf(frame!) };
}

/**
 * In the browser: the element adopts the server's frame (one navigation of the web client, no
 * frame of its own), hears `loaded`, then `success` after Complete verification; the service
 * stores the decision for the signed-in user.
 */
async function adoptsAndCompletes(page: Page, request: APIRequestContext, origin: string, user: string, href: string) {
  const navigations: string[] = [];
  page.on("request", (sent) => {
    if (sent.url().startsWith(`${mock.url}/web/v4/app`)) navigations.push(sent.url());
  });
  // Page errors and console errors (hydration's included), but the browser's own request for a favicon.
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) errors.push(message.text());
  });
  await page.context().addCookies([{ name: "session", value: user, url: origin }]);
  await recordEvents(page);
  await page.goto(`${origin}/verify`);

  const element = page.locator("jumio-verification");
  await expect(element).toHaveAttribute("state", "loaded");
  // Playwright's locators pierce shadow roots: one iframe in all, the server's.
  await expect(element.locator("iframe")).toHaveCount(1);
  await expect(page.locator("jumio-verification > iframe")).toHaveAttribute("src", href);
  const [loaded, ...moreLoaded] = await events(page.mainFrame(), "jumio-loaded");
  expect(moreLoaded).toEqual([]);
  const workflowExecutionId = loaded!.detail.workflowExecutionId;
  expect(mock.workflows().some((workflow) => workflow.workflowExecutionId === workflowExecutionId)).toBe(true);

  await page.frameLocator("jumio-verification > iframe").getByRole("button", { name: "Complete verification" }).click();
  await expect(element).toHaveAttribute("state", "success");
  expect((await events(page.mainFrame(), "jumio-success")).map((event) => event.detail.workflowExecutionId)).toEqual([
    workflowExecutionId,
  ]);
  expect((await events(page.mainFrame(), "jumio-state-change")).map((event) => event.detail.state)).toEqual([
    "loading",
    "loaded",
    "success",
  ]);
  expect(await events(page.mainFrame(), "jumio-error")).toEqual([]);

  const decision = async () => {
    const response = await request.get(`${origin}/api/jumio/decision`, { headers: { Cookie: `session=${user}` } });
    return response.ok() ? ((await response.json()) as { workflowExecutionId: string; decision?: string }) : null;
  };
  await expect.poll(decision, { timeout: 10000 }).toMatchObject({ workflowExecutionId, decision: "PASSED" });
  expect(navigations).toEqual([href]);
  expect(errors).toEqual([]);
}

test.describe("Express: examples/express/server.ts renders the frame into its page", () => {
  test.describe.configure({ mode: "serial" });
  let server: Server;
  const user = `express${randomUUID().slice(0, 8)}`;
  let href: string;

  test.beforeAll(async () => {
    server = await startExpress();
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test("the page's HTML holds renderVerificationHtml's frame, after the element's script", async ({ request }) => {
    const page = await frameInHtml(request, server.origin, user);
    href = page.frame.src!;
    expect(page.markup).toBe(renderVerificationHtml({ href, allowedOrigins: mock.url }));
    expect(page.frame.allow).toBe(IFRAME_ALLOW);
    expect(href.startsWith(`${mock.url}/web/v4/app?`)).toBe(true);
    // A blocking script in the head: the element is defined before the parser reaches the frame.
    expect(page.html.indexOf('<script src="/jumio-verification.min.js"></script>')).toBeLessThan(
      page.html.indexOf(page.markup),
    );
    expect((await request.get(`${server.origin}/verify`)).status()).toBe(401);
    expect(await (await request.get(`${server.origin}/jumio-verification.min.js`)).body()).toEqual(BUNDLE);
  });

  test("the element adopts that frame: loaded, success, the stored decision", async ({ page, request }) => {
    await adoptsAndCompletes(page, request, server.origin, user, href);
  });
});

test.describe("Next.js: examples/next renders the frame from a server component", () => {
  test.describe.configure({ mode: "serial" });
  let server: Server;
  const user = `next${randomUUID().slice(0, 8)}`;
  let href: string;
  let apps: string | undefined;
  let app: string;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    apps = mkdtempSync(join(tmpdir(), "jumio-verification-next-"));
    app = await buildNext(apps);
    server = await startNext(app);
  });
  test.afterAll(async () => {
    await server?.close();
    if (apps) rmSync(apps, { recursive: true, force: true });
  });

  test("the page's HTML holds renderVerificationHtml's frame, in order, after the element's script", async ({
    request,
  }) => {
    const page = await frameInHtml(request, server.origin, user);
    href = page.frame.src!;
    expect(href.startsWith(`${mock.url}/web/v4/app?`)).toBe(true);
    expect(page.markup).toBe(renderVerificationHtml({ href, allowedOrigins: mock.url }));
    expect(page.element["allowed-origins"]).toBe(mock.url);
    expect(page.frame.allow).toBe(IFRAME_ALLOW);
    expect(page.frame.title).toBe("Identity verification");
    // Not streamed into a hidden <div> for React to move into place: a moved iframe loads again.
    expect(page.html).not.toMatch(/<div hidden id="S:\d+">/);
    const script = /<script src="(\/_next\/static\/media\/jumio-verification\.min\.[\w-]+\.js)"><\/script>/.exec(
      page.html,
    );
    expect(script, "the bundle's blocking script tag").not.toBeNull();
    expect(page.html.indexOf(script![0])).toBeLessThan(page.html.indexOf(page.markup));
    const bundle = await request.get(`${server.origin}${script![1]}`);
    expect(bundle.headers()["content-type"]).toMatch(/javascript/);
    expect(await bundle.body()).toEqual(BUNDLE);
  });

  test("the element adopts that frame: loaded, success, the stored decision; hydrated, the page thanks", async ({
    page,
    request,
  }) => {
    await adoptsAndCompletes(page, request, server.origin, user, href);
    await expect(page.getByText("Thank you. We will let you know once your documents are checked.")).toBeVisible();
  });

  test("next dev: the same, and one Lit in the page and none on the server (no 'Multiple versions of Lit loaded')", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const dev = await startNext(app, "dev");
    try {
      const warnings: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "warning") warnings.push(message.text());
      });
      const { frame } = await frameInHtml(request, dev.origin, `${user}-dev`);
      await adoptsAndCompletes(page, request, dev.origin, `${user}-dev`, frame.src!);
      expect(warnings).toEqual(["Allow attribute will take precedence over 'allowfullscreen'."]);
      expect(dev.lines.filter((line) => /\bLit\b/.test(line))).toEqual([]);
    } finally {
      await dev.close();
    }
  });
});
