import { fixture, fixtureSync, html } from "@open-wc/testing";
import type { TemplateResult } from "lit";
import type { JumioVerificationElement } from "../../src/element.js";
import "./readable-failures.js";

/** The second origin (127.0.0.1) that serves test/fixtures/, e.g. the fake Jumio client. */
export const FIXTURE_ORIGIN: string = await (await fetch("/__fixture-origin")).text();
export const FAKE_CLIENT = `${FIXTURE_ORIGIN}/fake-client.html`;
export const ACCOUNT_ID = "11111111-1111-4111-8111-111111111111";
export const WORKFLOW_ID = "22222222-2222-4222-8222-222222222222";
export const TOKEN = "secret-authorization-token-xyz";

export interface MessageOptions {
  value?: string;
  code?: number;
  workflowExecutionId?: string;
  customerInternalReference?: string;
  metainfo?: Record<string, unknown>;
}

/** A message as the guide's "Optional iFrame Logging" describes it. */
export function wireMessage({
  value = "loaded",
  code,
  workflowExecutionId = WORKFLOW_ID,
  customerInternalReference,
  metainfo,
}: MessageOptions = {}) {
  return {
    accountId: ACCOUNT_ID,
    authorizationToken: TOKEN,
    workflowExecutionId,
    ...(customerInternalReference === undefined ? {} : { customerInternalReference }),
    eventType: 510,
    dateTime: "2026-11-25T10:15:30.123Z",
    payload: {
      value,
      ...(code === undefined && !metainfo
        ? {}
        : { metainfo: { ...(code === undefined ? {} : { code }), ...metainfo } }),
    },
  };
}

/** The same message as the JSON string the web client posts. */
export const jumioMessage = (options?: MessageOptions) => JSON.stringify(wireMessage(options));

export type Command =
  | { ping: true }
  | { post: unknown[]; to?: "parent" | "top"; origin?: string }
  | { navigate: string }
  | { child: string }
  | { relay: Command }
  | { features: true };

/** Sends a command to a fake client frame and waits until it is carried out (retrying until the frame listens); resolves with its answer. */
export async function command(frame: Window, command: Command, origin = FIXTURE_ORIGIN): Promise<unknown> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const channel = new MessageChannel();
    const done = new Promise<boolean>((resolve) => {
      channel.port1.onmessage = () => resolve(true);
      setTimeout(() => resolve(false), attempt === 0 ? 50 : 100);
    });
    frame.postMessage({ ping: true }, origin, [channel.port2]);
    if (await done) break;
  }
  const channel = new MessageChannel();
  const done = new Promise<MessageEvent>((resolve) => (channel.port1.onmessage = resolve));
  frame.postMessage(command, origin, [channel.port2]);
  return (await done).data;
}

/** The guide's `allow` list: these "iFrame attributes must be included to enable biometric face capture". */
export const GUIDE_ALLOW = "camera;fullscreen;accelerometer;gyroscope;magnetometer";

/** A server-rendered verification iframe on the fake client, as a page writes it for declarative mode. */
export const serverRenderedFrame = (src = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`) =>
  html`<iframe src=${src} title="Identity verification" allow=${GUIDE_ALLOW} allowfullscreen></iframe>`;

/** An iframe of the page itself, outside any element, loading `src`. */
export const sibling = (src: string) => fixture<HTMLIFrameElement>(html`<iframe src=${src}></iframe>`);

/**
 * Resolves once the element has updated and the events of that update have left: they are
 * dispatched a task later, never from inside the update.
 */
export async function settle(element: JumioVerificationElement): Promise<void> {
  await element.updateComplete;
  await new Promise((resolve) => setTimeout(resolve));
}

/** The element on a fresh href of the fake client, its first events gone, its later ones recorded, and its frame's window. */
export async function embedded() {
  const element = await fixture<JumioVerificationElement>(
    html`<jumio-verification href=${`${FAKE_CLIENT}?t=${crypto.randomUUID()}`} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
  );
  await settle(element);
  return { element, log: record(element), frame: await frameWindow(element) };
}

/** The element's own iframe, once rendered. */
export function iframeOf(element: JumioVerificationElement): HTMLIFrameElement | null {
  return element.shadowRoot?.querySelector("iframe") ?? null;
}

export async function frameWindow(element: JumioVerificationElement): Promise<Window> {
  await element.updateComplete;
  const frame = iframeOf(element)?.contentWindow;
  if (!frame) throw new Error("the element has no iframe");
  return frame;
}

const EVENT_TYPES = ["jumio-message", "jumio-loaded", "jumio-success", "jumio-error", "jumio-state-change"] as const;

/** Records every jumio-* event the element dispatches. */
export function record(element: HTMLElement) {
  const events: CustomEvent[] = [];
  for (const type of EVENT_TYPES) element.addEventListener(type, (event) => events.push(event as CustomEvent));
  return {
    events,
    types: () => events.map((event) => event.type),
    of: (type: (typeof EVENT_TYPES)[number]) => events.filter((event) => event.type === type),
  };
}

/**
 * Mounts `template`, settled, then has the document of its frame (`frameOf`) post `value`, and
 * calls `reload()` as that message reaches the page, ahead of the element's own listener. Resolves once the message has arrived and the element settled again, with what the
 * element dispatched from then on and the previous frame and window.
 */
export async function reloadAsThePreviousDocumentPosts(
  template: TemplateResult,
  frameOf: (element: JumioVerificationElement) => HTMLIFrameElement,
  value: string,
) {
  let element: JumioVerificationElement | undefined;
  let previous: Window | null = null;
  // Added before the element's own listener, so called first: it reloads as the message arrives.
  const reloadOnIt = (event: MessageEvent) => {
    if (event.source !== previous) return;
    window.removeEventListener("message", reloadOnIt);
    element!.reload();
  };
  window.addEventListener("message", reloadOnIt);
  element = await fixture<JumioVerificationElement>(template);
  await settle(element);
  const frame = frameOf(element);
  previous = frame.contentWindow;
  const log = record(element);
  // Told by its data: WebKit gives no source for a message of a frame that is gone.
  const arrived = received((event) => String(event.data).includes("previous-document"));
  // Not awaited: the frame is gone before it can say done.
  void command(previous!, { post: [jumioMessage({ value, customerInternalReference: "previous-document" })] });
  await arrived;
  await settle(element);
  return { element, log, frame, window: previous! };
}

/**
 * Resolves once the page's window has received `count` messages matching `match`. Listeners
 * run in the order they were added, so the element (listening since it connected) has
 * handled them by then: the moment to assert that it ignored them.
 */
export function received(match: (event: MessageEvent) => boolean, count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const listener = (event: MessageEvent) => {
      if (match(event) && ++seen === count) {
        window.removeEventListener("message", listener);
        resolve();
      }
    };
    window.addEventListener("message", listener);
  });
}

export function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const start = performance.now();
  // Made now, so that its stack names the caller: the timer's would not.
  const late = new Error(`condition not met in ${timeoutMs} ms: ${condition}`);
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (performance.now() - start > timeoutMs) reject(late);
      else setTimeout(check, 10);
    };
    check();
  });
}

export async function fixtureRequests(): Promise<string[]> {
  return (await fetch("/__fixture-origin/requests")).json();
}

/** Posts `loaded` from the element's current frame and waits for the state. */
export async function sayLoaded(element: JumioVerificationElement) {
  await command(await frameWindow(element), { post: [jumioMessage({ value: "loaded" })] });
  await until(() => element.state === "loaded");
}

/** An element on a fresh href of the fake client, whose documents say loaded by themselves; once loaded. */
export async function loadedElement() {
  const href = `${FAKE_CLIENT}?auto=loaded&t=${crypto.randomUUID()}`;
  const element = await fixture<JumioVerificationElement>(
    html`<jumio-verification href=${href} allowed-origins=${FIXTURE_ORIGIN}></jumio-verification>`,
  );
  await until(() => element.state === "loaded");
  /** How many times the fake client has served href. */
  const loads = async () => (await fixtureRequests()).filter((url) => url === href.slice(FIXTURE_ORIGIN.length)).length;
  return { element, href, loads };
}

/** Renders the element and records its events from before its first update. */
export function mount(template: TemplateResult) {
  const element = fixtureSync<JumioVerificationElement>(template);
  return { element, log: record(element) };
}

export interface EndpointLog {
  requests: { method: string; body: string; contentType: string | undefined; accept: string }[];
  aborted: number;
}

/** A scripted endpoint of test/test-servers.mjs with an id of its own, answering `href` (default: a fresh fake client URL). */
export function endpoint(script: string, href = `${FAKE_CLIENT}?t=${crypto.randomUUID()}`) {
  const id = crypto.randomUUID();
  return {
    href,
    url: `/__endpoint?id=${id}&script=${script}&href=${encodeURIComponent(href)}`,
    log: async (): Promise<EndpointLog> => (await fetch(`/__endpoint/log?id=${id}`)).json(),
  };
}

/** Polls an endpoint's log until `condition` holds (or 3 s passed), and returns it. */
export async function logUntil(
  log: () => Promise<EndpointLog>,
  condition: (log: EndpointLog) => boolean,
): Promise<EndpointLog> {
  const start = performance.now();
  let seen = await log();
  while (!condition(seen) && performance.now() - start < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    seen = await log();
  }
  return seen;
}

/** The `{ state, previous }` of every jumio-state-change recorded. */
export const states = (log: ReturnType<typeof record>) => log.of("jumio-state-change").map((event) => event.detail);

/**
 * What a frame can send that is not a valid message (issue 2's list): not JSON, empty, null,
 * numbers, arrays, a JSON string of a JSON string, wrong types, missing fields, another
 * eventType, an analytics-like body, `__proto__` / `constructor` keys. Oversized data is
 * separate: `oversizedMessage()`.
 */
export const MALFORMED_MESSAGES: readonly unknown[] = [
  "not json",
  "",
  "null",
  "42",
  "[]",
  null,
  42,
  [jumioMessage()],
  JSON.stringify(jumioMessage()),
  jumioMessage().replace('"eventType":510', '"eventType":"510"'),
  jumioMessage().replace('"eventType":510', '"eventType":511'),
  JSON.stringify({ eventType: "screen", screen: "document-selection" }),
  jumioMessage().replace('"accountId"', '"accountID"'),
  jumioMessage().replace('"payload":{"value":"loaded"}', '"payload":{"value":7}'),
  jumioMessage().replace(`,"authorizationToken":"${TOKEN}"`, ""),
  `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${jumioMessage().slice(1, -1).replace('"eventType":510', '"eventType":0')}}`,
  // Of the right event type, so that it reaches the schema, but without its accountId.
  `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${jumioMessage()
    .slice(1, -1)
    .replace(/"accountId":"[^"]*",/, "")}}`,
];

/** A valid message but for its size: over the 64 KiB cap. */
export const oversizedMessage = (value = "loaded") =>
  jumioMessage({ value, customerInternalReference: "x".repeat(64 * 1024) });

/** What `console.warn` was called with while `run` ran, one array of arguments a call. */
export async function warningsDuring(run: () => Promise<unknown>): Promise<unknown[][]> {
  const warnings: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  try {
    await run();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

/** The warnings but the camera check's, which depends on the browser and the machine. */
export const withoutCameraWarnings = (warnings: unknown[][]) =>
  warnings.filter(([text]) => !String(text).startsWith("jumio-verification: the camera"));

/** The console warning for an href the element refuses: the `allowed-origins` that would trust `origin`, or (null) that none can. */
export const untrustedWarning = (origin: string | null) =>
  origin
    ? `jumio-verification: ${origin} is not a Jumio origin. To trust it (the local mock, a proxy), add allowed-origins="${origin}" to the element.`
    : "jumio-verification: the href can never be loaded (https:, or http: on a loopback host, without credentials).";

/** The console warning for an endpoint on `origin`, not the page's, whose answer did not reach the page. */
export const corsWarning = (origin: string) =>
  `jumio-verification: no answer from ${origin}, not the page's origin: CORS may have hidden it. Make the endpoint same-origin, proxy it in the dev server (Vite: server.proxy, changeOrigin false), or list ${location.origin} in the service's allowedOrigins.`;

/**
 * An endpoint on the fixture origin that answers no CORS (test/test-servers.mjs passes its
 * preflight): the POST reaches it, its answer stays hidden from the page. `reached` counts the
 * requests it had.
 */
export function corsBlockedEndpoint() {
  const path = `/fake-client.html?endpoint=${crypto.randomUUID()}`;
  return {
    url: `${FIXTURE_ORIGIN}${path}`,
    reached: async () => (await fixtureRequests()).filter((url) => url === path).length,
  };
}

/** The names on `window.JumioVerification` (src/browser-global.ts), sorted. */
export const GLOBAL_API = [
  "JUMIO_ERROR_CODES",
  "checkCameraSupport",
  "fetchVerificationHref",
  "parseRedirect",
  "relayRedirect",
] as const;
