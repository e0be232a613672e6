import { expect, type Page, request, test } from "@playwright/test";
import type {} from "../../src/element/events.js";

type JumioEventType = Extract<keyof HTMLElementEventMap, `jumio-${string}`>;
type Recorded<T extends JumioEventType> = { type: T; detail: HTMLElementEventMap[T]["detail"] };

/** Every jumio-* event and every raw message from the simulated Jumio, recorded before the page's own scripts run. */
async function openDemo(page: Page) {
  await page.addInitScript(() => {
    const recorded = {
      events: [] as { type: string; detail: unknown }[],
      raw: [] as { origin: string; data: unknown }[],
    };
    Object.assign(window, { recorded });
    for (const type of ["jumio-message", "jumio-loaded", "jumio-success", "jumio-error", "jumio-state-change"]) {
      document.addEventListener(type, (event) => recorded.events.push({ type, detail: (event as CustomEvent).detail }));
    }
    window.addEventListener("message", (event) => {
      if (event.origin !== location.origin) recorded.raw.push({ origin: event.origin, data: event.data });
    });
  });
  await page.goto("/");
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "loaded", { timeout: 15000 });
}

const recorded = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as {
          recorded: { events: Recorded<JumioEventType>[]; raw: { origin: string; data: string }[] };
        }
      ).recorded,
  );
const events = async <T extends JumioEventType>(page: Page, type: T) =>
  (await recorded(page)).events.filter((event): event is Recorded<T> => event.type === type);
const client = (page: Page) => page.frameLocator("jumio-verification iframe");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("npm start serves the demo, whose element loads a verification from the demo backend", async ({
  page,
  request,
}) => {
  const response = await request.get("/");
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain('<jumio-verification endpoint="/api/verification" auto-renew');
  await openDemo(page);
  const [loaded] = await events(page, "jumio-loaded");
  expect(loaded!.detail.accountId).toMatch(UUID);
  expect((await events(page, "jumio-state-change")).map((event) => event.detail.state)).toEqual([
    "fetching",
    "loading",
    "loaded",
  ]);
});

test("success path: Complete verification → jumio-success → redirect with the guide's parameters → the stored decision", async ({
  page,
}) => {
  await openDemo(page);
  await client(page).getByRole("button", { name: "Complete verification" }).click();
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "success");
  const [success] = await events(page, "jumio-success");
  const { accountId, workflowExecutionId, customerInternalReference } = success!.detail;

  // Guide, "Success and Error URLs": accountId, workflowExecutionId, acquisitionStatus, customerInternalReference.
  await expect.poll(() => page.frames().some((frame) => frame.url().includes("/done.html"))).toBe(true);
  const redirect = new URL(
    page
      .frames()
      .find((frame) => frame.url().includes("/done.html"))!
      .url(),
  );
  expect(Object.fromEntries(redirect.searchParams)).toEqual({
    accountId,
    workflowExecutionId,
    acquisitionStatus: "SUCCESS",
    customerInternalReference,
  });

  // The service recorded the callback, asked Retrieval and stored the decision for this browser's user.
  await expect(page.locator("#status")).toHaveText("PROCESSED", { timeout: 10000 });
  await expect(page.locator("#decision")).toContainText("PASSED");
  const stored = await (await page.request.get(`/api/verifications/${workflowExecutionId}`)).json();
  expect(stored).toMatchObject({ workflowExecutionId, accountId, status: "PROCESSED", decision: "PASSED" });
  expect(JSON.stringify(stored)).not.toContain("authorizationToken");
  // Another user (no cookie of this browser's) is not told this user's decision.
  const stranger = await request.newContext({ baseURL: page.url() });
  expect((await stranger.get(`/api/verifications/${workflowExecutionId}`)).status()).toBe(404);
  await stranger.dispose();

  // The user's erasure: the store has the verification no more, nor the simulated Jumio the account.
  const jumio = new URL((await page.locator("jumio-verification iframe").getAttribute("src"))!).origin;
  const accounts = async () => (await (await page.request.get(`${jumio}/__mock/accounts`)).json()) as { id: string }[];
  expect((await accounts()).map(({ id }) => id)).toContain(accountId);
  await page.getByRole("button", { name: "Erase my data" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Erased" })).toHaveText(
    "Erased: 1 verification(s) from the store; Jumio deleted 1 account(s), 0 to retry.",
  );
  expect((await page.request.get(`/api/verifications/${workflowExecutionId}`)).status()).toBe(404);
  expect((await accounts()).map(({ id }) => id)).not.toContain(accountId);
});

test("error path: a chosen error code → jumio-error with that code → redirect to errorUrl with acquisitionStatus=ERROR", async ({
  page,
}) => {
  await openDemo(page);
  await client(page).getByLabel("Error code").selectOption("9820");
  await client(page).getByRole("button", { name: "Fail verification" }).click();
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "error");
  const [error] = await events(page, "jumio-error");
  expect(error!.detail).toMatchObject({
    source: "jumio",
    code: 9820,
    description: "File upload not enabled and camera unavailable.",
    retryable: false,
  });
  await expect.poll(() => page.frames().some((frame) => frame.url().includes("/done.html"))).toBe(true);
  const redirect = new URL(
    page
      .frames()
      .find((frame) => frame.url().includes("/done.html"))!
      .url(),
  );
  expect(redirect.searchParams.get("acquisitionStatus")).toBe("ERROR");
  expect(redirect.searchParams.get("errorCode")).toBe("9820");
  expect(redirect.searchParams.get("workflowExecutionId")).toBe(
    error!.detail.source === "jumio" ? error!.detail.message.workflowExecutionId : "an error of the web client",
  );
});

test("a token that expires while the page is open: Complete verification reports 9200, never success", async ({
  page,
}) => {
  await openDemo(page);
  const src = new URL((await page.locator("jumio-verification iframe").getAttribute("src"))!);
  const expired = await page.request.post(`${src.origin}/__mock/expire-token`, {
    data: { token: src.searchParams.get("authorizationToken") },
  });
  expect(expired.ok()).toBe(true);
  await client(page).getByRole("button", { name: "Complete verification" }).click();
  await expect.poll(async () => (await events(page, "jumio-error")).map((event) => event.detail.code)).toEqual([9200]);
  expect(await events(page, "jumio-success")).toEqual([]);
  // The renewed frame (the demo has auto-renew) may have said loaded since: only the first two are this frame's.
  const values = (await recorded(page)).raw.map(({ data }) => JSON.parse(data).payload.value);
  expect(values.slice(0, 2)).toEqual(["loaded", "error"]);
  expect(values).not.toContain("success");
});

test("the demo's expire-token endpoint ends only the caller's own token, asked in JSON", async ({ page }) => {
  await openDemo(page);
  const [loaded] = await events(page, "jumio-loaded");
  const body = { workflowExecutionId: loaded!.detail.workflowExecutionId };
  const endpoint = new URL("/api/expire-token", page.url()).href;
  const plain = await page.request.post(endpoint, {
    headers: { "Content-Type": "text/plain" },
    data: JSON.stringify(body),
  });
  expect(plain.status()).toBe(415);
  const stranger = await request.newContext();
  await stranger.get(new URL("/", page.url()).href);
  expect((await stranger.storageState()).cookies.map(({ name }) => name)).toEqual(["demo-user"]);
  expect((await stranger.post(endpoint, { data: body })).status()).toBe(404);
  await stranger.dispose();
  await client(page).getByRole("button", { name: "Complete verification" }).click();
  await expect.poll(async () => (await events(page, "jumio-success")).length).toBe(1);
  expect(await events(page, "jumio-error")).toEqual([]);
});

test("the demo backend's answers carry no CORS header of the dev server's own", async ({ page }) => {
  await openDemo(page);
  const [loaded] = await events(page, "jumio-loaded");
  const stored = new URL(`/api/verifications/${loaded!.detail.workflowExecutionId}`, page.url()).href;
  const answer = await page.request.get(stored, { headers: { Origin: "http://localhost:3000" } });
  expect(answer.status()).toBe(200);
  expect(answer.headers()["access-control-allow-origin"]).toBeUndefined();
});

test("token expiry: error 9200 on load, and auto-renew brings a fresh iframe with a new token", async ({ page }) => {
  await openDemo(page);
  const firstSrc = await page.locator("jumio-verification iframe").getAttribute("src");
  await page.getByRole("button", { name: "Expire the token" }).click();
  await expect.poll(async () => (await events(page, "jumio-error")).map((event) => event.detail.code)).toEqual([9200]);
  await expect.poll(async () => (await events(page, "jumio-loaded")).length).toBe(2);
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "loaded");
  const renewedSrc = await page.locator("jumio-verification iframe").getAttribute("src");
  expect(new URL(renewedSrc!).searchParams.get("authorizationToken")).not.toBe(
    new URL(firstSrc!).searchParams.get("authorizationToken"),
  );
});

test("the simulated client's messages follow the guide's iFrame logging format, field by field", async ({ page }) => {
  await openDemo(page);
  await client(page).getByRole("button", { name: "Complete verification" }).click();
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "success");
  const { raw } = await recorded(page);
  // Guide: "represented as JSON in the data string property".
  const messages = raw.map(({ data }) => {
    expect(typeof data).toBe("string");
    return JSON.parse(data);
  });
  expect(messages.map((message) => message.payload.value)).toEqual(["loaded", "success"]);
  for (const message of messages) {
    expect(Object.keys(message).sort()).toEqual([
      "accountId",
      "authorizationToken",
      "customerInternalReference",
      "dateTime",
      "eventType",
      "payload",
      "workflowExecutionId",
    ]);
    expect(message.accountId).toMatch(UUID);
    expect(message.workflowExecutionId).toMatch(UUID);
    expect(typeof message.authorizationToken).toBe("string");
    expect(message.eventType).toBe(510); // "510 (application state-change)"
    expect(message.dateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/); // "YYYY-MM-DDThh:mm:ss.SSSZ"
  }
  // The token is in the raw message, never in an event detail.
  const { events: all } = await recorded(page);
  expect(JSON.stringify(all)).not.toContain(messages[0].authorizationToken);
});

test("an error message carries payload.metainfo.code", async ({ page }) => {
  await openDemo(page);
  await client(page).getByLabel("Error code").selectOption("9100");
  await client(page).getByRole("button", { name: "Fail verification" }).click();
  await expect.poll(async () => (await recorded(page)).raw.length).toBe(2);
  const error = JSON.parse((await recorded(page)).raw[1]!.data);
  expect(error.payload).toEqual({ value: "error", metainfo: { code: 9100 } });
});

for (const [width, sizeClass, height] of [
  [1200, "large", 710],
  [700, "medium", 660],
  [600, "small", 600],
  [400, "x-small", 535],
] as const) {
  test(`the demo at the ${sizeClass} size class (${width} px)`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: Math.max(width + 100, 480), height: 1000 });
    await openDemo(page);
    await page.locator("#width").fill(String(width));
    await expect(page.locator("jumio-verification")).toHaveAttribute("size-class", sizeClass);
    expect((await page.locator("jumio-verification iframe").boundingBox())!.height).toBe(height);
    await page.locator("#container").scrollIntoViewIfNeeded();
    const path = testInfo.outputPath(`demo-${sizeClass}.png`);
    await page.screenshot({ path });
    await testInfo.attach(`demo-${sizeClass}`, { path, contentType: "image/png" });
    await expect(client(page).getByRole("button", { name: "Fail verification" })).toBeInViewport();
  });
}

test("the default loading indicator honours prefers-reduced-motion", async ({ page }) => {
  await page.route(/\/web\/v4\/app/, () => {}); // the web client never answers: the element stays loading
  const progress = page.locator("jumio-verification progress");
  await page.goto("/");
  await expect(page.locator("jumio-verification")).toHaveAttribute("state", "loading");
  await expect(progress).toBeVisible();
  await page.emulateMedia({ reducedMotion: "reduce" });
  await expect(progress).toBeHidden();
});
