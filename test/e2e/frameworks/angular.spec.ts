// <jumio-verification> in a standalone Angular component (Angular's JIT compiler in the browser,
// zoneless): `[href]` and `[allowedOrigins]` bound, `(jumio-loaded)` / `(jumio-success)` /
// `(jumio-error)` handled, the simulated Jumio web client on a second origin.
import { expect, type Page, test } from "@playwright/test";
import type { AngularMountOptions } from "./pages/angular-app.js";
import type { Call } from "./pages/calls.js";
import { type PagesServer, startPages, startWebClient, type WebClientOrigin } from "./support/servers.js";

let pages: PagesServer;
let client: WebClientOrigin;

test.beforeAll(async () => {
  [pages, client] = await Promise.all([startPages(), startWebClient()]);
});

test.afterAll(async () => {
  await Promise.all([pages?.close(), client?.close()]);
});

/**
 * Opens the page and bootstraps the app, the element defined first unless `define` says otherwise;
 * returns Angular's runtime errors (`NG0…`) and the page's uncaught errors from then on.
 */
async function mount(
  page: Page,
  href: string,
  define: AngularMountOptions["define"] = "before-bootstrap",
): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/\bNG0\d+/.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(new URL("angular-app.html", pages.url).href);
  await page.waitForFunction(() => "angularHarness" in window);
  await page.evaluate((options) => window.angularHarness.mount(options), {
    href,
    allowedOrigins: client.origin,
    define,
  });
  return problems;
}

const callsOf = (page: Page): Promise<Call[]> => page.evaluate(() => window.angularHarness.calls);

const appRequests = (since: number) => client.requests.slice(since).filter((url) => url.startsWith("/web/v4/app"));

test("renders the element once and receives jumio-loaded and jumio-success in the component's handlers", async ({
  page,
}) => {
  const before = client.requests.length;
  const problems = await mount(page, client.href("angular"));

  await expect
    .poll(() => callsOf(page))
    .toEqual([
      {
        handler: "(jumio-loaded)",
        version: 1,
        type: "jumio-loaded",
        workflowExecutionId: "workflow-angular",
        state: null,
        code: null,
      },
    ]);
  expect(await page.locator("jumio-verification").count()).toBe(1);
  expect(await page.locator("jumio-verification iframe").count()).toBe(1);
  await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("angular"));
  expect(appRequests(before)).toEqual(["/web/v4/app?id=angular"]);

  await page.frameLocator("jumio-verification iframe").getByRole("button", { name: "Complete verification" }).click();

  await expect
    .poll(async () => (await callsOf(page)).map((call) => [call.handler, call.type, call.workflowExecutionId]))
    .toEqual([
      ["(jumio-loaded)", "jumio-loaded", "workflow-angular"],
      ["(jumio-success)", "jumio-success", "workflow-angular"],
    ]);
  expect(problems).toEqual([]);
});

test("defined after the first render, as a lazily loaded element: CUSTOM_ELEMENTS_SCHEMA keeps Angular quiet and the bound values apply", async ({
  page,
}) => {
  const problems = await mount(page, client.href("angular-lazy"), "after-first-render");

  await expect
    .poll(() => callsOf(page))
    .toEqual([
      {
        handler: "(jumio-loaded)",
        version: 1,
        type: "jumio-loaded",
        workflowExecutionId: "workflow-angular-lazy",
        state: null,
        code: null,
      },
    ]);
  await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("angular-lazy"));
  // Without the schema, Angular's dev mode reports the then unknown element (NG0304) and each
  // property bound on it (NG0303). (A defined element passes those checks: then the schema only
  // matters to the template compiler, NG8001 / NG8002.)
  expect(problems).toEqual([]);
});

test("property bindings set the element's properties, with their types; a plain attribute sets an attribute", async ({
  page,
}) => {
  const problems = await mount(page, client.href("angular-properties"));
  await expect.poll(async () => (await callsOf(page)).length).toBe(1);

  expect(
    await page.evaluate(() => {
      const element = document.querySelector("jumio-verification")!;
      return {
        href: element.href,
        allowedOrigins: element.allowedOrigins,
        requestInit: element.requestInit,
        loadTimeout: element.loadTimeout,
        size: element.getAttribute("size"),
        allowedOriginsAttribute: element.getAttribute("allowed-origins"),
      };
    }),
  ).toEqual({
    href: client.href("angular-properties"),
    allowedOrigins: client.origin,
    requestInit: { headers: { "X-CSRF-Token": "csrf-token" } },
    loadTimeout: 20000,
    size: "medium",
    allowedOriginsAttribute: null,
  });
  expect(problems).toEqual([]);
});

test("an error of the web client reaches the (jumio-error) handler", async ({ page }) => {
  const problems = await mount(page, client.href("angular-error"));
  await expect.poll(async () => (await callsOf(page)).length).toBe(1);

  const frame = page.frameLocator("jumio-verification iframe");
  const code = Number(await frame.getByLabel("Error code").inputValue());
  await frame.getByRole("button", { name: "Fail verification" }).click();

  await expect
    .poll(async () => (await callsOf(page)).map((call) => [call.handler, call.type, call.code]))
    .toEqual([
      ["(jumio-loaded)", "jumio-loaded", null],
      ["(jumio-error)", "jumio-error", code],
    ]);
  expect(problems).toEqual([]);
});

test("a new value bound to [href] navigates the iframe to it", async ({ page }) => {
  const before = client.requests.length;
  const problems = await mount(page, client.href("angular-first"));
  await expect
    .poll(async () => (await callsOf(page)).map((call) => call.workflowExecutionId))
    .toEqual(["workflow-angular-first"]);

  await page.evaluate((href) => window.angularHarness.setHref(href), client.href("angular-second"));

  await expect
    .poll(async () => (await callsOf(page)).map((call) => call.workflowExecutionId))
    .toEqual(["workflow-angular-first", "workflow-angular-second"]);
  await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("angular-second"));
  expect(await page.locator("jumio-verification").count()).toBe(1);
  expect(
    page
      .frames()
      .map((frame) => frame.url())
      .filter((url) => url.startsWith(client.origin)),
  ).toEqual([client.href("angular-second")]);
  expect(appRequests(before)).toEqual(["/web/v4/app?id=angular-first", "/web/v4/app?id=angular-second"]);
  expect(problems).toEqual([]);
});

test("destroying the Angular application removes the element and its frame", async ({ page }) => {
  const problems = await mount(page, client.href("angular-destroy"));
  await expect.poll(async () => (await callsOf(page)).length).toBe(1);

  await page.evaluate(() => window.angularHarness.destroy());

  expect(await page.locator("jumio-verification").count()).toBe(0);
  expect(page.frames().filter((frame) => frame.url().startsWith(client.origin))).toEqual([]);
  expect(problems).toEqual([]);
});
