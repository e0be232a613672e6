// The camera check and the handover to a new tab, on the demo (`npm start`) in Chromium: where
// the camera cannot work in the page but would in a tab of its own — here the demo framed by
// another origin without allow="camera" — the element holds its frame back, offers "Continue in
// a new tab", and gets the result from the redirect page of that tab through relayRedirect().
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { continueInNewTab, demoOrigin, events, framedDemo, recordEvents } from "./support/handover.js";

test.describe("in a frame whose parent does not allow the camera", () => {
  test("jumio-preflight says so, the frame is held back, and the new tab's result comes back once", async ({
    page,
  }) => {
    await recordEvents(page);
    const frame = await framedDemo(page);
    const element = frame.locator("jumio-verification");
    await expect(frame.getByRole("button", { name: "Continue in a new tab" })).toBeVisible();
    const [preflight] = await events(frame, "jumio-preflight");
    expect(preflight!.detail.ok).toBe(false);
    expect(preflight!.detail.problems.map(({ code }) => code)).toEqual(["blocked-by-permissions-policy"]);
    // Held back: no verification frame, and nothing asked of the endpoint until the click.
    await expect(element.locator("iframe")).toHaveCount(0);
    await expect(element).toHaveAttribute("state", "idle");

    const tab = await continueInNewTab(page, frame);
    await expect(tab).toHaveURL(/\/web\/v4\/app\?/);
    // Opened cut from the page: Jumio's tab cannot navigate it.
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.getByRole("button", { name: "Complete verification" }).click();
    await expect(tab).toHaveURL(/\/done\.html\?/);
    await expect(tab.getByText("relayed it to the demo's tab")).toBeVisible();

    await expect(element).toHaveAttribute("state", "success");
    const successes = await events(frame, "jumio-success");
    expect(successes).toHaveLength(1);
    const redirect = Object.fromEntries(new URL(tab.url()).searchParams);
    expect(successes[0]!.detail).toEqual({ source: "redirect", ...redirect });
    // The demo shows the decision the service stored for this workflow.
    await expect(frame.locator("#decision")).toContainText("PASSED", { timeout: 10000 });

    // The same redirect again, in another tab: nothing more.
    const again = await page.context().newPage();
    await again.goto(tab.url());
    await expect(again.getByText("relayed it to the demo's tab")).toBeVisible();
    await page.waitForTimeout(300);
    expect(await events(frame, "jumio-success")).toHaveLength(1);
  });

  test("a redirect page in a fresh tab, even for the element's workflow, or with malformed parameters, changes nothing", async ({
    page,
  }) => {
    await recordEvents(page);
    const frame = await framedDemo(page);
    const tab = await continueInNewTab(page, frame);
    await expect(tab).toHaveURL(/\/web\/v4\/app\?/);
    const session = await tab.evaluate(() => JSON.parse(document.querySelector("#session")!.textContent!));

    // Not the tab the element handed over to: as another site may open the redirect page.
    const other = await page.context().newPage();
    const relayed = async (query: string) => {
      await other.goto(`${demoOrigin()}/done.html?${query}`);
      return other.getByText("relayed it to the demo's tab").isVisible();
    };
    const own = `accountId=${session.accountId}&workflowExecutionId=${session.workflowExecutionId}`;
    expect(await relayed(`${own}&acquisitionStatus=SUCCESS`)).toBe(true);
    expect(await relayed(`${own}&acquisitionStatus=ERROR&errorCode=9100`)).toBe(true);
    const ids = `accountId=${randomUUID()}&workflowExecutionId=${randomUUID()}`;
    expect(await relayed(`${ids}&acquisitionStatus=SUCCESS`)).toBe(true);
    expect(await relayed(`${ids}&acquisitionStatus=ERROR&errorCode=9100`)).toBe(true);
    expect(await relayed(`accountId=not-a-uuid&workflowExecutionId=${randomUUID()}&acquisitionStatus=SUCCESS`)).toBe(
      false,
    );
    expect(await relayed(`${ids}&acquisitionStatus=MAYBE`)).toBe(false);
    await page.waitForTimeout(300);
    await expect(frame.locator("jumio-verification")).toHaveAttribute("state", "handed-over");
    expect(await events(frame, "jumio-success")).toEqual([]);
    expect(await events(frame, "jumio-error")).toEqual([]);

    // Its own workflow's error, relayed: jumio-error from the redirect, once.
    await tab.getByLabel("Error code").selectOption("9820");
    await tab.getByRole("button", { name: "Fail verification" }).click();
    await expect(frame.locator("jumio-verification")).toHaveAttribute("state", "error");
    const errors = await events(frame, "jumio-error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.detail).toMatchObject({ source: "redirect", code: 9820, retryable: false });
  });

  test("cancelling jumio-preflight loads the verification in the frame as usual", async ({ page }) => {
    await recordEvents(page, { cancelPreflight: true });
    const frame = await framedDemo(page);
    const element = frame.locator("jumio-verification");
    await expect(element).toHaveAttribute("state", "loaded", { timeout: 15000 });
    const [preflight] = await events(frame, "jumio-preflight");
    expect(preflight!.detail.problems.map(({ code }) => code)).toEqual(["blocked-by-permissions-policy"]);
    await expect(element.locator("iframe")).toHaveCount(1);
    await expect(frame.getByRole("button", { name: "Continue in a new tab" })).toHaveCount(0);
  });
});
