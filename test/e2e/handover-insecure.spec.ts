// The camera check and the handover on a page that is not a secure context: the demo over plain
// http on a name that is not loopback (Chromium resolves demo.test to the demo's address; npm
// start answers to it, DEMO_HOSTS in playwright.config.mjs).
import { test as base, expect } from "@playwright/test";
import { continueInNewTab, events, recordEvents } from "./support/handover.js";

const test = base.extend<object, object>({
  baseURL: async ({ baseURL }, use) => use(baseURL!.replace("//localhost:", "//demo.test:")),
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({
        ...launchOptions,
        args: [...(launchOptions.args ?? []), "--host-resolver-rules=MAP demo.test 127.0.0.1"],
      });
    },
    { scope: "worker" },
  ],
});

test("jumio-preflight reports insecure-context, and the handover finishes the verification", async ({ page }) => {
  await recordEvents(page);
  await page.goto("/");
  const frame = page.mainFrame();
  expect(await page.evaluate(() => isSecureContext)).toBe(false);
  await expect(page.getByRole("button", { name: "Continue in a new tab" })).toBeVisible();
  const [preflight] = await events(frame, "jumio-preflight");
  expect(preflight!.detail.problems.map(({ code }) => code)).toContain("insecure-context");
  await expect(page.locator("jumio-verification iframe")).toHaveCount(0);

  const tab = await continueInNewTab(page, frame);
  await tab.getByRole("button", { name: "Complete verification" }).click();
  await expect(tab).toHaveURL(new RegExp(`^${new URL(page.url()).origin}/done\\.html\\?`));
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "success");
  expect(await events(frame, "jumio-success")).toHaveLength(1);
});
