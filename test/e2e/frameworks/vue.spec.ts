// <jumio-verification> in a Vue 3 component: `:href` bound, `@jumio-loaded` / `@jumio-success`
// handled, the simulated Jumio web client on a second origin.
import { expect, type Page, test } from "@playwright/test";
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

/** Opens the page and mounts the component; returns Vue's warnings, collected from then on. */
async function mount(page: Page, href: string): Promise<string[]> {
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("[Vue warn]")) warnings.push(message.text());
  });
  await page.goto(new URL("vue-app.html", pages.url).href);
  await page.waitForFunction(() => "vueHarness" in window);
  await page.evaluate((options) => window.vueHarness.mount(options), { href, allowedOrigins: client.origin });
  return warnings;
}

const callsOf = (page: Page): Promise<Call[]> => page.evaluate(() => window.vueHarness.calls);

test("renders the element from a Vue component and receives its jumio-loaded and jumio-success events", async ({
  page,
}) => {
  const warnings = await mount(page, client.href("vue"));

  await expect
    .poll(() => callsOf(page))
    .toEqual([
      {
        handler: "@jumio-loaded",
        version: 1,
        type: "jumio-loaded",
        workflowExecutionId: "workflow-vue",
        state: null,
        code: null,
      },
    ]);
  await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("vue"));

  await page.frameLocator("jumio-verification iframe").getByRole("button", { name: "Complete verification" }).click();

  await expect
    .poll(async () => (await callsOf(page)).map((call) => [call.handler, call.workflowExecutionId]))
    .toEqual([
      ["@jumio-loaded", "workflow-vue"],
      ["@jumio-success", "workflow-vue"],
    ]);
  // isCustomElement: Vue neither tried to resolve <jumio-verification> as a component nor warned.
  expect(warnings).toEqual([]);
});

test("a new value bound to :href navigates the iframe to it", async ({ page }) => {
  const warnings = await mount(page, client.href("vue-first"));
  await expect
    .poll(async () => (await callsOf(page)).map((call) => call.workflowExecutionId))
    .toEqual(["workflow-vue-first"]);

  await page.evaluate((href) => window.vueHarness.setHref(href), client.href("vue-second"));

  await expect
    .poll(async () => (await callsOf(page)).map((call) => call.workflowExecutionId))
    .toEqual(["workflow-vue-first", "workflow-vue-second"]);
  await expect(page.locator("jumio-verification iframe")).toHaveAttribute("src", client.href("vue-second"));
  expect(warnings).toEqual([]);
});

test("unmounting the Vue app removes the element", async ({ page }) => {
  await mount(page, client.href("vue-unmount"));
  await expect.poll(async () => (await callsOf(page)).length).toBe(1);

  await page.evaluate(() => window.vueHarness.unmount());

  expect(await page.locator("jumio-verification").count()).toBe(0);
  expect(page.frames().filter((frame) => frame.url().startsWith(client.origin))).toEqual([]);
});
