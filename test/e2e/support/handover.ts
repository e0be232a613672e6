// What the handover specs share: the events of every frame, the demo framed, and the click.
import { expect, type Frame, type Page, test } from "@playwright/test";
import type {} from "../../../src/element/events.js";

type JumioEventType = Extract<keyof HTMLElementEventMap, `jumio-${string}`>;
type Recorded<T extends JumioEventType> = { type: T; detail: HTMLElementEventMap[T]["detail"] };

/** Every jumio-* event in every frame, recorded before the page's own scripts run. */
export async function recordEvents(page: Page, { cancelPreflight = false } = {}) {
  await page.addInitScript((cancel) => {
    const events: { type: string; detail: unknown }[] = [];
    Object.assign(window, { recordedEvents: events });
    for (const type of ["jumio-preflight", "jumio-loaded", "jumio-success", "jumio-error", "jumio-state-change"]) {
      document.addEventListener(type, (event) => {
        events.push({ type, detail: (event as CustomEvent).detail });
        if (cancel && type === "jumio-preflight") event.preventDefault();
      });
    }
  }, cancelPreflight);
}

export const events = async <T extends JumioEventType>(frame: Frame, type: T) =>
  (
    (await frame.evaluate(
      () => (window as unknown as { recordedEvents: Recorded<JumioEventType>[] }).recordedEvents,
    )) ?? []
  ).filter((event): event is Recorded<T> => event.type === type);

/** The demo's origin (the configuration's baseURL). */
export const demoOrigin = () => new URL(test.info().project.use.baseURL!).origin;

/** The demo's frame in the page that scripts/start.ts serves from the next port but one, framing it without allow="camera". */
export async function framedDemo(page: Page): Promise<Frame> {
  const demo = new URL(demoOrigin());
  await page.goto(`http://localhost:${Number(demo.port) + 2}/`);
  const find = () => page.frames().find((frame) => frame.url().startsWith(`${demo.origin}/`));
  await expect.poll(find).toBeTruthy();
  const frame = find()!;
  await frame.waitForLoadState();
  return frame;
}

/** Clicks the handover button and completes the verification in the tab it opens. */
export async function continueInNewTab(page: Page, frame: Frame): Promise<Page> {
  const popup = page.waitForEvent("popup");
  await frame.getByRole("button", { name: "Continue in a new tab" }).click();
  const tab = await popup;
  await expect(frame.locator("jumio-verification")).toHaveAttribute("state", "handed-over");
  return tab;
}
