// jumio-verification/react with real React 19 (development build, so StrictMode double-mounts),
// embedding the simulated Jumio web client from a second origin.
import { expect, test, type Page } from "@playwright/test";
import type { Call } from "./pages/calls.js";
import type { ReactMountOptions } from "./pages/react-app.js";
import { startPages, startWebClient, type PagesServer, type WebClientOrigin } from "./support/servers.js";

let pages: PagesServer;
let client: WebClientOrigin;

test.beforeAll(async () => {
  [pages, client] = await Promise.all([startPages(), startWebClient()]);
});

test.afterAll(async () => {
  await Promise.all([pages?.close(), client?.close()]);
});

async function open(page: Page): Promise<void> {
  await page.goto(new URL("react-app.html", pages.url).href);
  await page.waitForFunction(() => "reactHarness" in window);
}

async function mount(page: Page, options: Omit<ReactMountOptions, "allowedOrigins">): Promise<void> {
  await page.evaluate((mountOptions) => window.reactHarness.mount(mountOptions), { ...options, allowedOrigins: client.origin });
}

const callsOf = (page: Page, handler?: string): Promise<Call[]> =>
  page.evaluate((name) => window.reactHarness.calls.filter((call) => !name || call.handler === name), handler);

/** Each call as `[handler, version, state or event type]`. */
const summary = async (page: Page) => (await callsOf(page)).map(({ handler, version, type, state }) => [handler, version, state ?? type]);

const loadedWorkflows = async (page: Page) => (await callsOf(page, "onJumioLoaded")).map((call) => call.workflowExecutionId);

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

test("applies a new href prop: the iframe navigates to it and its messages are the ones reported", async ({ page }) => {
  await open(page);
  await mount(page, { href: client.href("first"), strict: false });
  await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-first"]);

  await page.evaluate((href) => window.reactHarness.setHref(href), client.href("second"));

  await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-first", "workflow-second"]);
  await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("second"));
  expect(page.frames().map((frame) => frame.url()).filter((url) => url.startsWith(client.origin))).toEqual([client.href("second")]);
  expect(await page.evaluate(() => document.querySelector("jumio-verification")!.href)).toBe(client.href("second"));
  expect(client.requests.filter((url) => url.startsWith("/web/v4/app"))).toEqual(["/web/v4/app?id=first", "/web/v4/app?id=second"]);
});

test("calls the callbacks of the latest render, never a stale closure", async ({ page }) => {
  await open(page);
  await mount(page, { href: client.href("swap"), strict: false });
  await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-swap"]);

  await page.evaluate(() => window.reactHarness.replaceCallbacks());
  await page.frameLocator("jumio-verification iframe").getByRole("button", { name: "Complete verification" }).click();

  await expect.poll(() => callsOf(page, "onJumioSuccess")).toHaveLength(1);
  expect(await callsOf(page, "onJumioSuccess")).toEqual([
    { handler: "onJumioSuccess", version: 2, type: "jumio-success", workflowExecutionId: "workflow-swap", state: null, code: null },
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

test("under StrictMode's double mount, renders one element and one iframe and dispatches each event once", async ({ page }) => {
  const before = client.requests.length;
  await open(page);
  const listenersBefore = await windowMessageListeners(page);
  await mount(page, { href: client.href("strict"), strict: true });
  await expect.poll(() => loadedWorkflows(page)).toEqual(["workflow-strict"]);
  await page.frameLocator("jumio-verification iframe").getByRole("button", { name: "Complete verification" }).click();
  await expect.poll(() => callsOf(page, "onJumioSuccess")).toHaveLength(1);

  expect(await page.locator("jumio-verification").count()).toBe(1);
  expect(await page.locator("jumio-verification iframe").count()).toBe(1);
  expect(client.requests.slice(before).filter((url) => url.startsWith("/web/v4/app"))).toEqual(["/web/v4/app?id=strict"]);
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

  await expect.poll(() => callsOf(page, "onJumioError")).toEqual([
    { handler: "onJumioError", version: 1, type: "jumio-error", workflowExecutionId: null, state: null, code: "load-timeout" },
  ]);
});

test("unmounting removes the element, its window listener and its timers: no callback afterwards", async ({ page }) => {
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
    { handler: "onJumioStateChange", version: 1, type: "jumio-state-change", workflowExecutionId: null, state: "loading", code: null },
  ]);
});
