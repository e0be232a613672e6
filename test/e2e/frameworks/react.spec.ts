// jumio-verification/react with real React 19 and React 18 (development builds, so StrictMode
// double-mounts), embedding the simulated Jumio web client from a second origin. Every case runs
// on both: the repo's `react` / `react-dom` (19), and 18 from the package in react18/, served
// in their place by vite.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import type { Call } from "./pages/calls.js";
import type { ReactMountOptions } from "./pages/react-app.js";
import {
  type PagesServer,
  type ReactPackages,
  startPages,
  startWebClient,
  type WebClientOrigin,
} from "./support/servers.js";

/** React 18 lives in a package of its own (`react18/`, installed by `npm run test:e2e`). */
const react18Root = dirname(new URL("./react18/package.json", import.meta.url).pathname);
const require18 = createRequire(`${react18Root}/package.json`);

/** The directory of `name` as installed in react18/ (not the repository's own, which resolution would fall back to). */
function packageDirectory(name: string): string | undefined {
  try {
    const directory = dirname(require18.resolve(`${name}/package.json`));
    return directory.startsWith(react18Root) ? directory : undefined;
  } catch {
    return undefined;
  }
}

const react18Directory = packageDirectory("react");
const reactDom18Directory = packageDirectory("react-dom");

interface ReactUnderTest {
  major: 18 | 19;
  /** Replaces the repo's React; none for the repo's own. */
  packages?: ReactPackages;
  /** Why this React cannot run here, if it cannot. */
  missing?: string;
}

const reacts: ReactUnderTest[] = [
  { major: 19 },
  react18Directory && reactDom18Directory
    ? { major: 18, packages: { name: "react-18", react: react18Directory, reactDom: reactDom18Directory } }
    : { major: 18, missing: "React 18 is not installed: npm ci --prefix test/e2e/frameworks/react18" },
];

for (const react of reacts) {
  test.describe(`React ${react.major}`, () => {
    test.skip(react.missing !== undefined, react.missing);

    let pages: PagesServer;
    let client: WebClientOrigin;

    test.beforeAll(async () => {
      [pages, client] = await Promise.all([
        startPages(react.packages ? { react: react.packages } : {}),
        startWebClient(),
      ]);
    });

    test.afterAll(async () => {
      await Promise.all([pages?.close(), client?.close()]);
    });

    async function open(page: Page): Promise<void> {
      await page.goto(new URL("react-app.html", pages.url).href);
      await page.waitForFunction(() => "reactHarness" in window);
      // The React this block is about, not another one vite happened to serve.
      const versions = await page.evaluate(() => window.reactHarness.versions);
      expect(versions.react.split(".")[0]).toBe(String(react.major));
      expect(versions.reactDom).toBe(versions.react);
    }

    async function mount(page: Page, options: Omit<ReactMountOptions, "allowedOrigins">): Promise<void> {
      await page.evaluate((mountOptions) => window.reactHarness.mount(mountOptions), {
        ...options,
        allowedOrigins: client.origin,
      });
    }

    const callsOf = (page: Page, handler?: string): Promise<Call[]> =>
      page.evaluate((name) => window.reactHarness.calls.filter((call) => !name || call.handler === name), handler);

    /** Each call as `[handler, version, state or event type]`. */
    const summary = async (page: Page) =>
      (await callsOf(page)).map(({ handler, version, type, state }) => [handler, version, state ?? type]);

    const loadedWorkflows = async (page: Page) =>
      (await callsOf(page, "onJumioLoaded")).map((call) => call.workflowExecutionId);

    /** How many `message` listeners `window` has, as DevTools counts them. */
    async function windowMessageListeners(page: Page): Promise<number> {
      const session = await page.context().newCDPSession(page);
      try {
        const { result } = await session.send("Runtime.evaluate", { expression: "window" });
        const { listeners } = await session.send("DOMDebugger.getEventListeners", { objectId: result.objectId! });
        return listeners.filter((listener) => listener.type === "message").length;
      } finally {
        await session.detach();
      }
    }

    test("applies a new href prop: the iframe navigates to it and its messages are the ones reported", async ({
      page,
    }) => {
      await open(page);
      await mount(page, { href: client.href("first"), strict: false });
      await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-first"]);

      await page.evaluate((href) => window.reactHarness.setHref(href), client.href("second"));

      await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-first", "workflow-second"]);
      await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("second"));
      expect(
        page
          .frames()
          .map((frame) => frame.url())
          .filter((url) => url.startsWith(client.origin)),
      ).toEqual([client.href("second")]);
      expect(await page.evaluate(() => document.querySelector("jumio-verification")!.href)).toBe(client.href("second"));
      expect(client.requests.filter((url) => url.startsWith("/web/v4/app"))).toEqual([
        "/web/v4/app?id=first",
        "/web/v4/app?id=second",
      ]);
    });

    test("hydrates its server render with href: the element adopts that frame, with no mismatch and no second frame", async ({
      page,
    }) => {
      // React's words for a hydration mismatch, in 18 ("did not match", "does not match", "server
      // HTML") and 19 ("didn't match").
      const mismatches: string[] = [];
      page.on("console", (message) => {
        if (/did not match|didn't match|does not match|server HTML|while hydrating/i.test(message.text()))
          mismatches.push(message.text());
      });
      page.on("pageerror", (error) => mismatches.push(error.message));
      const before = client.requests.length;
      await open(page);
      await page.evaluate((options) => window.reactHarness.hydrate(options), {
        href: client.href("hydrated"),
        allowedOrigins: client.origin,
        strict: true,
      });
      await expect(page.locator("jumio-verification")).toHaveAttribute("state", "loaded");
      await page
        .frameLocator("jumio-verification > iframe")
        .getByRole("button", { name: "Complete verification" })
        .click();
      await expect.poll(() => callsOf(page, "onJumioSuccess")).toHaveLength(1);

      // A new href after hydration: a new server-shaped frame, adopted in place of the first.
      await page.evaluate((href) => window.reactHarness.setHref(href), client.href("rehydrated"));
      await expect.poll(() => loadedWorkflows(page)).toContain("workflow-rehydrated");

      expect(await page.locator("jumio-verification iframe").count()).toBe(1);
      await expect(page.locator("jumio-verification > iframe")).toHaveAttribute("src", client.href("rehydrated"));
      expect(client.requests.slice(before).filter((url) => url.startsWith("/web/v4/app"))).toEqual([
        "/web/v4/app?id=hydrated",
        "/web/v4/app?id=rehydrated",
      ]);
      expect(mismatches).toEqual([]);
    });

    test("calls the callbacks of the latest render, never a stale closure", async ({ page }) => {
      await open(page);
      await mount(page, { href: client.href("swap"), strict: false });
      await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-swap"]);

      await page.evaluate(() => window.reactHarness.replaceCallbacks());
      await page
        .frameLocator("jumio-verification iframe")
        .getByRole("button", { name: "Complete verification" })
        .click();

      await expect.poll(() => callsOf(page, "onJumioSuccess")).toHaveLength(1);
      expect(await callsOf(page, "onJumioSuccess")).toEqual([
        {
          handler: "onJumioSuccess",
          version: 2,
          type: "jumio-success",
          workflowExecutionId: "workflow-swap",
          state: null,
          code: null,
        },
      ]);
      expect(await summary(page)).toEqual([
        ["onJumioStateChange", 1, "loading"],
        ["onJumioMessage", 1, "jumio-message"],
        ["onJumioStateChange", 1, "loaded"],
        ["onJumioLoaded", 1, "jumio-loaded"],
        ["onJumioMessage", 2, "jumio-message"],
        ["onJumioStateChange", 2, "success"],
        ["onJumioSuccess", 2, "jumio-success"],
      ]);
    });

    test("under StrictMode's double mount, renders one element and one iframe and dispatches each event once", async ({
      page,
    }) => {
      const before = client.requests.length;
      await open(page);
      const listenersBefore = await windowMessageListeners(page);
      await mount(page, { href: client.href("strict"), strict: true });
      await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-strict"]);
      await page
        .frameLocator("jumio-verification iframe")
        .getByRole("button", { name: "Complete verification" })
        .click();
      await expect.poll(() => callsOf(page, "onJumioSuccess")).toHaveLength(1);

      expect(await page.locator("jumio-verification").count()).toBe(1);
      expect(await page.locator("jumio-verification iframe").count()).toBe(1);
      expect(client.requests.slice(before).filter((url) => url.startsWith("/web/v4/app"))).toEqual([
        "/web/v4/app?id=strict",
      ]);
      expect(await summary(page)).toEqual([
        ["onJumioStateChange", 1, "loading"],
        ["onJumioMessage", 1, "jumio-message"],
        ["onJumioStateChange", 1, "loaded"],
        ["onJumioLoaded", 1, "jumio-loaded"],
        ["onJumioMessage", 1, "jumio-message"],
        ["onJumioStateChange", 1, "success"],
        ["onJumioSuccess", 1, "jumio-success"],
      ]);
      expect(await windowMessageListeners(page)).toBe(listenersBefore + 1);
    });

    test("reports a frame that never loads through onJumioError while mounted", async ({ page }) => {
      await open(page);
      await mount(page, { href: client.hangingHref(), strict: false, loadTimeout: 500 });

      await expect
        .poll(() => callsOf(page, "onJumioError"))
        .toEqual([
          {
            handler: "onJumioError",
            version: 1,
            type: "jumio-error",
            workflowExecutionId: null,
            state: null,
            code: "load-timeout",
          },
        ]);
    });

    test("unmounting removes the element, its window listener and its timers: no callback afterwards", async ({
      page,
    }) => {
      await open(page);
      const baseline = await windowMessageListeners(page);
      await mount(page, { href: client.hangingHref(), strict: true, loadTimeout: 1500 });
      await expect.poll(() => callsOf(page, "onJumioStateChange")).toHaveLength(1);
      expect(await windowMessageListeners(page)).toBe(baseline + 1);

      await page.evaluate(() => window.reactHarness.unmount());
      // Past the load timeout that reports `load-timeout` (see above) had the element lived on.
      await page.waitForTimeout(2500);

      expect(await page.locator("jumio-verification").count()).toBe(0);
      expect(await windowMessageListeners(page)).toBe(baseline);
      expect(await callsOf(page)).toEqual([
        {
          handler: "onJumioStateChange",
          version: 1,
          type: "jumio-state-change",
          workflowExecutionId: null,
          state: "loading",
          code: null,
        },
      ]);
    });
  });
}
