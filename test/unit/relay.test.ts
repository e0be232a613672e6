import { expect, fixtureSync, html } from "@open-wc/testing";
import { resetMouse, sendMouse } from "@web/test-runner-commands";
import type { JumioRedirect } from "../../src/redirect.js";
import { isRedirectFor, listenForRedirect, markHandoverTab, relayRedirect } from "../../src/relay.js";
import { ACCOUNT_ID, command, FAKE_CLIENT, FIXTURE_ORIGIN, TOKEN, until, WORKFLOW_ID } from "./helpers.js";

/** The query Jumio's web client appends to successUrl / errorUrl (seed: "Success and Error URLs"), in relayRedirect's order. */
const redirectQuery = (fields: Record<string, string>) =>
  new URLSearchParams({ accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID, ...fields }).toString();

/** The wire message relayRedirect posts for a query. */
const wire = (query: string) => ({ type: "jumio-verification:redirect", version: 1, query });

const SUCCESS_QUERY = redirectQuery({ acquisitionStatus: "SUCCESS" });
const VALID_MESSAGE = wire(SUCCESS_QUERY);

/** Where markHandoverTab keeps its nonce in the tab's sessionStorage: what the redirect page of any version reads. */
const NONCE_KEY = "jumio-verification:handover";
/** A nonce of markHandoverTab's shape. */
const NONCE = "0123456789abcdef".repeat(2);

let stops: AbortController[] = [];
afterEach(() => {
  for (const stop of stops) stop.abort();
  stops = [];
  sessionStorage.removeItem(NONCE_KEY);
});

/** Listens as the element does (given the nonce of its handed-over tab, or none), recording each redirect delivered, until `abort()` or the test's end. */
function listen(nonce?: string) {
  const controller = new AbortController();
  stops.push(controller);
  const redirects: JumioRedirect[] = [];
  listenForRedirect((redirect) => redirects.push(redirect), controller.signal, nonce);
  return { redirects, abort: () => controller.abort() };
}

/** A raw channel of this page, as any script of the origin can open, closed at the test's end. */
function rawChannel() {
  const channel = new BroadcastChannel("jumio-verification");
  const controller = new AbortController();
  controller.signal.addEventListener("abort", () => channel.close());
  stops.push(controller);
  return channel;
}

/** The raw messages this origin's channel carries from now on. */
function overheard(): unknown[] {
  const seen: unknown[] = [];
  rawChannel().onmessage = ({ data }) => seen.push(data);
  return seen;
}

/** Opens a frame on `src` and resolves with the first message it posts to this page. */
function answerOf(src: string): Promise<unknown> {
  let frame: HTMLIFrameElement | undefined;
  const answer = new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (!frame || event.source !== frame.contentWindow) return;
      window.removeEventListener("message", listener);
      resolve(event.data);
    };
    window.addEventListener("message", listener);
  });
  frame = fixtureSync<HTMLIFrameElement>(html`<iframe src=${src}></iframe>`);
  return answer;
}

/** Opens `url` in a new tab on a real click, as the element's handover does: no popup blocker stops it. */
async function openOnClick(url: string): Promise<Window> {
  let opened: Window | null = null;
  const button = fixtureSync<HTMLButtonElement>(
    html`<button @click=${() => {
      opened = window.open(url, "_blank");
    }}>Open</button>`,
  );
  const { x, y, width, height } = button.getBoundingClientRect();
  await sendMouse({ type: "click", position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
  await resetMouse();
  await until(() => opened !== null);
  return opened!;
}

/** Follows a redirect to the success or error page on this origin, which calls relayRedirect(); resolves with what it returned. */
async function relayFromPage(query: string): Promise<boolean> {
  const { relayed } = (await answerOf(`/test/fixtures/relay-redirect.html?${query}`)) as { relayed: boolean };
  return relayed;
}

/** test/fixtures/broadcast.html, here and on the second origin. */
const BROADCAST_HERE = `${location.origin}/test/fixtures/broadcast.html`;
const BROADCAST_THERE = `${FIXTURE_ORIGIN}/broadcast.html`;

/** The broadcast page at `page` posting `message` on the channel of its own origin. */
const broadcastUrl = (page: string, message: unknown) =>
  `${page}?${new URLSearchParams({ message: JSON.stringify(message) })}`;

/** Opens the broadcast page at `page` posting `message`; resolves with its answer, once it has posted. */
const broadcastFrom = (page: string, message: unknown) => answerOf(broadcastUrl(page, message));

/**
 * Has `post` relay a fresh redirect and waits until it arrives, last: what was posted before it
 * has arrived by then. Returns the redirects recorded before it.
 */
async function flush(
  redirects: JumioRedirect[],
  post: (query: string) => unknown = (query) => relayRedirect(`?${query}`),
): Promise<JumioRedirect[]> {
  const workflowExecutionId = crypto.randomUUID();
  post(redirectQuery({ workflowExecutionId, acquisitionStatus: "SUCCESS" }));
  await until(() => redirects.at(-1)?.workflowExecutionId === workflowExecutionId);
  return redirects.slice(0, -1);
}

describe("relayRedirect: from the success or error page to the listeners of its origin", () => {
  it("delivers a SUCCESS redirect relayed by a page of the same origin, once", async () => {
    const { redirects } = listen();
    expect(
      await relayFromPage(redirectQuery({ acquisitionStatus: "SUCCESS", customerInternalReference: "order-42" })),
    ).to.equal(true);
    await until(() => redirects.length > 0);
    expect(await flush(redirects)).to.deep.equal([
      {
        accountId: ACCOUNT_ID,
        workflowExecutionId: WORKFLOW_ID,
        acquisitionStatus: "SUCCESS",
        customerInternalReference: "order-42",
      },
    ]);
  });

  it("delivers an ERROR redirect with its errorCode and the guide's description, once", async () => {
    const { redirects } = listen();
    expect(await relayFromPage(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9820" }))).to.equal(true);
    await until(() => redirects.length > 0);
    // Guide: "9820 (File upload not enabled and camera unavailable.)"
    expect(await flush(redirects)).to.deep.equal([
      {
        accountId: ACCOUNT_ID,
        workflowExecutionId: WORKFLOW_ID,
        acquisitionStatus: "ERROR",
        errorCode: 9820,
        errorDescription: "File upload not enabled and camera unavailable.",
      },
    ]);
  });

  it("delivers it to every listener of the origin", async () => {
    const first = listen();
    const second = listen();
    expect(await relayFromPage(SUCCESS_QUERY)).to.equal(true);
    await until(() => first.redirects.length > 0 && second.redirects.length > 0);
    expect(await flush(first.redirects)).to.have.length(1);
    await until(() => second.redirects.length >= 2);
    expect(second.redirects).to.deep.equal(first.redirects);
  });

  it("takes a URL object", async () => {
    const { redirects } = listen();
    expect(relayRedirect(new URL(`https://shop.example.com/verified?${SUCCESS_QUERY}`))).to.equal(true);
    expect(await flush(redirects)).to.deep.equal([
      { accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID, acquisitionStatus: "SUCCESS" },
    ]);
  });

  it("relays the redirect's fields alone: no token, no other parameter, no errorDescription from the URL", async () => {
    const seen = overheard();
    const url =
      `https://shop.example.com/failed?utm_source=mail&authorizationToken=${TOKEN}&` +
      `${redirectQuery({ acquisitionStatus: "ERROR", errorCode: "09200" })}&errorDescription=forged`;
    expect(relayRedirect(url)).to.equal(true);
    await until(() => seen.length > 0);
    expect(seen).to.deep.equal([wire(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9200" }))]);
    expect(JSON.stringify(seen)).not.to.include(TOKEN);
  });

  it("relays a customerInternalReference of the guide's 100 characters, even of 4-byte ones", async () => {
    // Guide, Account Create: customerInternalReference, string, max. length 100.
    const customerInternalReference = "😀".repeat(100);
    const { redirects } = listen();
    expect(relayRedirect(`?${redirectQuery({ acquisitionStatus: "SUCCESS", customerInternalReference })}`)).to.equal(
      true,
    );
    expect((await flush(redirects)).map((redirect) => redirect.customerInternalReference)).to.deep.equal([
      customerInternalReference,
    ]);
  });
});

describe("relayRedirect: what it does not relay", () => {
  const NOT_REDIRECTS: [string, string][] = [
    ["without accountId", `?workflowExecutionId=${WORKFLOW_ID}&acquisitionStatus=SUCCESS`],
    ["without workflowExecutionId", `?accountId=${ACCOUNT_ID}&acquisitionStatus=SUCCESS`],
    ["without acquisitionStatus", `?accountId=${ACCOUNT_ID}&workflowExecutionId=${WORKFLOW_ID}`],
    ["with an accountId that is not a UUID", `?${redirectQuery({ accountId: "acc-1", acquisitionStatus: "SUCCESS" })}`],
    [
      "with a workflowExecutionId that is not a UUID",
      `?${redirectQuery({ workflowExecutionId: `${WORKFLOW_ID}x`, acquisitionStatus: "SUCCESS" })}`,
    ],
    ["with an unknown acquisitionStatus", `?${redirectQuery({ acquisitionStatus: "PENDING" })}`],
    [
      "with a customerInternalReference over the 2048-character cap",
      `?${redirectQuery({ acquisitionStatus: "SUCCESS", customerInternalReference: "x".repeat(2048) })}`,
    ],
    ["of an empty string", ""],
    ["of a URL without query", "https://shop.example.com/verified"],
  ];

  for (const [name, url] of NOT_REDIRECTS) {
    it(`returns false for a URL ${name}, and relays nothing`, async () => {
      const { redirects } = listen();
      expect(relayRedirect(url)).to.equal(false);
      expect(await flush(redirects)).to.deep.equal([]);
    });
  }

  it("returns false on a page that is not a redirect (location.href by default)", async () => {
    const { redirects } = listen();
    expect(relayRedirect()).to.equal(false);
    expect(await flush(redirects)).to.deep.equal([]);
  });

  it("returns false on a success page of the same origin with malformed parameters, and relays nothing", async () => {
    const { redirects } = listen();
    expect(await relayFromPage(redirectQuery({ workflowExecutionId: "wf-1", acquisitionStatus: "SUCCESS" }))).to.equal(
      false,
    );
    expect(await flush(redirects)).to.deep.equal([]);
  });

  describe("without a usable BroadcastChannel", () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "BroadcastChannel")!;
    afterEach(() => Object.defineProperty(globalThis, "BroadcastChannel", descriptor));

    it("returns false, and listenForRedirect does nothing, where the browser has none", () => {
      Reflect.deleteProperty(globalThis, "BroadcastChannel");
      expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(false);
      expect(() => listenForRedirect(() => {}, new AbortController().signal)).not.to.throw();
    });

    it("returns false, and listenForRedirect does not throw, where the constructor throws (storage blocked)", () => {
      const refused = () => {
        throw new DOMException("The operation is insecure.", "SecurityError");
      };
      Object.defineProperty(globalThis, "BroadcastChannel", { ...descriptor, value: refused });
      expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(false);
      expect(() => listenForRedirect(() => {}, new AbortController().signal)).not.to.throw();
    });
  });
});

describe("listenForRedirect: what a page of the same origin posts on the channel", () => {
  const withQuery = (query: unknown) => ({ ...VALID_MESSAGE, query });
  const HOSTILE: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["a boolean", true],
    ["the bare query", SUCCESS_QUERY],
    ["the message as a JSON string", JSON.stringify(VALID_MESSAGE)],
    ["an empty array", []],
    ["an array holding the message", [VALID_MESSAGE]],
    ["an array with the message's keys", Object.assign([], VALID_MESSAGE)],
    ["a Map of its fields", new Map(Object.entries(VALID_MESSAGE))],
    ["a Date", new Date()],
    ["another type", { ...VALID_MESSAGE, type: "jumio-verification:message" }],
    ["another version", { ...VALID_MESSAGE, version: 2 }],
    ["a version as a string", { ...VALID_MESSAGE, version: "1" }],
    ["no query", { type: VALID_MESSAGE.type, version: 1 }],
    ["an extra key (a token)", { ...VALID_MESSAGE, authorizationToken: TOKEN }],
    ["a nonce that is a number", { ...VALID_MESSAGE, nonce: 42 }],
    ["a nonce that is undefined", { ...VALID_MESSAGE, nonce: undefined }],
    ["a nonce of another shape", { ...VALID_MESSAGE, nonce: NONCE.toUpperCase() }],
    ["a nonce too long", { ...VALID_MESSAGE, nonce: `${NONCE}0` }],
    ["a nonce before the query", { type: VALID_MESSAGE.type, version: 1, nonce: NONCE, query: SUCCESS_QUERY }],
    ["a nonce with an extra key after it", { ...VALID_MESSAGE, nonce: NONCE, authorizationToken: TOKEN }],
    ["a query that is a number", withQuery(42)],
    ["a query that is an array", withQuery([SUCCESS_QUERY])],
    ["a query that is an object", withQuery(Object.fromEntries(new URLSearchParams(SUCCESS_QUERY)))],
    ["a query of a megabyte", withQuery(`${SUCCESS_QUERY}&customerInternalReference=${"x".repeat(1024 * 1024)}`)],
    ["a query just over the cap", withQuery(`${SUCCESS_QUERY}&customerInternalReference=${"x".repeat(2048)}`)],
    ["a query with a token", withQuery(`${SUCCESS_QUERY}&authorizationToken=${TOKEN}`)],
    ["a query with another parameter first", withQuery(`utm_source=mail&${SUCCESS_QUERY}`)],
    ["a query with a repeated parameter", withQuery(`${SUCCESS_QUERY}&accountId=${ACCOUNT_ID}`)],
    ["a query with __proto__", withQuery(`${SUCCESS_QUERY}&__proto__=polluted`)],
    ["an errorCode on SUCCESS", withQuery(`${SUCCESS_QUERY}&errorCode=9100`)],
    ["an errorCode with a leading zero", withQuery(redirectQuery({ acquisitionStatus: "ERROR", errorCode: "09200" }))],
    [
      "an errorDescription",
      withQuery(`${redirectQuery({ acquisitionStatus: "ERROR", errorCode: "9200" })}&errorDescription=forged`),
    ],
    ["an accountId that is not a UUID", withQuery(redirectQuery({ accountId: "acc-1", acquisitionStatus: "SUCCESS" }))],
    [
      "a workflowExecutionId that is not a UUID",
      withQuery(redirectQuery({ workflowExecutionId: "wf-1", acquisitionStatus: "SUCCESS" })),
    ],
    ["an unknown acquisitionStatus", withQuery(redirectQuery({ acquisitionStatus: "PENDING" }))],
    [
      "an own __proto__ key",
      JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(VALID_MESSAGE).slice(1, -1)}}`),
    ],
    [
      "a constructor.prototype key",
      JSON.parse(`{${JSON.stringify(VALID_MESSAGE).slice(1, -1)},"constructor":{"prototype":{"polluted":true}}}`),
    ],
  ];

  it("delivers a message built as relayRedirect builds it (the control)", async () => {
    const channel = rawChannel();
    const { redirects } = listen();
    expect(await flush(redirects, (query) => channel.postMessage(wire(query)))).to.deep.equal([]);
  });

  for (const [name, message] of HOSTILE) {
    it(`ignores ${name}`, async () => {
      const channel = rawChannel();
      const { redirects } = listen();
      channel.postMessage(message);
      expect(await flush(redirects, (query) => channel.postMessage(wire(query)))).to.deep.equal([]);
      expect(Object.prototype).not.to.have.property("polluted");
    });
  }

  it("ignores hostile messages from another page of the origin, and no prototype is polluted", async () => {
    const { redirects } = listen();
    for (const [, message] of HOSTILE.filter(([name]) => /token|__proto__|constructor/.test(name))) {
      expect(await broadcastFrom(BROADCAST_HERE, message)).to.deep.equal({ posted: location.origin });
    }
    expect(await flush(redirects)).to.deep.equal([]);
    expect(Object.prototype).not.to.have.property("polluted");
  });
});

describe("the handed-over tab's nonce", () => {
  /** The sessionStorage of this page, its getter made to throw as where storage is blocked, until the test's end. */
  function blockStorage() {
    const owner = Object.hasOwn(window, "sessionStorage") ? window : Window.prototype;
    const descriptor = Object.getOwnPropertyDescriptor(owner, "sessionStorage")!;
    Object.defineProperty(window, "sessionStorage", {
      configurable: true,
      get: () => {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
    const controller = new AbortController();
    controller.signal.addEventListener("abort", () => {
      if (owner === window) Object.defineProperty(window, "sessionStorage", descriptor);
      else Reflect.deleteProperty(window, "sessionStorage");
    });
    stops.push(controller);
  }

  it("markHandoverTab writes a fresh nonce of 32 hex digits into the tab's sessionStorage and returns it", () => {
    const first = markHandoverTab(window);
    expect(first).to.match(/^[0-9a-f]{32}$/);
    expect(sessionStorage.getItem(NONCE_KEY)).to.equal(first);
    const second = markHandoverTab(window);
    expect(second).not.to.equal(first);
    expect(sessionStorage.getItem(NONCE_KEY)).to.equal(second);
  });

  it("markHandoverTab returns undefined where the tab's storage is out of reach", () => {
    const tab = {
      get sessionStorage(): Storage {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    };
    expect(markHandoverTab(tab as unknown as Window)).to.equal(undefined);
  });

  it("relayRedirect posts the nonce of its tab, and a listener given it takes the redirect", async () => {
    const nonce = markHandoverTab(window)!;
    const seen = overheard();
    const { redirects } = listen(nonce);
    expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(true);
    await until(() => seen.length > 0 && redirects.length > 0);
    expect(seen).to.deep.equal([{ ...VALID_MESSAGE, nonce }]);
    expect(await flush(redirects)).to.deep.equal([
      { accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID, acquisitionStatus: "SUCCESS" },
    ]);
  });

  it("a page of the tab relays its nonce: the success page in a frame of it", async () => {
    const nonce = markHandoverTab(window)!;
    const { redirects } = listen(nonce);
    expect(await relayFromPage(SUCCESS_QUERY)).to.equal(true);
    await until(() => redirects.length > 0);
    expect(await flush(redirects)).to.have.length(1);
  });

  it("a listener given a nonce ignores a relay without it or with another, and one without a nonce takes them", async () => {
    const channel = rawChannel();
    const bound = listen(NONCE);
    const unbound = listen();
    expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(true);
    expect(await relayFromPage(SUCCESS_QUERY)).to.equal(true);
    channel.postMessage({ ...VALID_MESSAGE, nonce: "f".repeat(32) });
    await until(() => unbound.redirects.length === 3);
    expect(
      await flush(bound.redirects, (query) => channel.postMessage({ ...wire(query), nonce: NONCE })),
    ).to.deep.equal([]);
    await until(() => unbound.redirects.length === 4);
  });

  it("relayRedirect relays without a nonce where its storage is out of reach", async () => {
    markHandoverTab(window);
    blockStorage();
    const seen = overheard();
    expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(true);
    await until(() => seen.length > 0);
    expect(seen).to.deep.equal([VALID_MESSAGE]);
  });

  it("relayRedirect relays no nonce of another shape found in its storage", async () => {
    sessionStorage.setItem(NONCE_KEY, "not-a-nonce");
    const seen = overheard();
    expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(true);
    await until(() => seen.length > 0);
    expect(seen).to.deep.equal([VALID_MESSAGE]);
  });
});

describe("listenForRedirect: stopping", () => {
  it("delivers nothing after its signal aborts", async () => {
    const stopped = listen();
    const control = listen();
    stopped.abort();
    expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(true);
    await until(() => control.redirects.length > 0);
    expect(await flush(control.redirects)).to.have.length(1);
    expect(stopped.redirects).to.deep.equal([]);
  });

  it("drops a redirect relayed but not yet delivered when its signal aborts", async () => {
    const stopped = listen();
    const control = listen();
    expect(relayRedirect(`?${SUCCESS_QUERY}`)).to.equal(true);
    stopped.abort();
    await until(() => control.redirects.length > 0);
    await flush(control.redirects);
    expect(stopped.redirects).to.deep.equal([]);
  });

  it("never listens on a signal aborted already", async () => {
    const delivered: JumioRedirect[] = [];
    listenForRedirect((redirect) => delivered.push(redirect), AbortSignal.abort());
    const control = listen();
    await flush(control.redirects);
    expect(delivered).to.deep.equal([]);
  });
});

describe("listenForRedirect: another origin", () => {
  it("gets nothing from a page on another origin posting on a channel of the same name", async () => {
    const { redirects } = listen();
    expect(await broadcastFrom(BROADCAST_THERE, VALID_MESSAGE)).to.deep.equal({ posted: FIXTURE_ORIGIN });
    // The same page on this origin is heard: the control.
    const heard = await flush(redirects, (query) => broadcastFrom(BROADCAST_HERE, wire(query)));
    expect(heard).to.deep.equal([]);
  });

  // The tab the handover opens is such a page when the element's page is framed by another site.
  // Firefox and WebKit partition BroadcastChannel by top-level site, and so does Chrome since 115,
  // but Playwright turns that off in its Chromium (ThirdPartyStoragePartitioning, microsoft/playwright#32230).
  it("does not reach this origin's pages framed by another top-level site (storage partitioning)", async () => {
    const { redirects } = listen();
    const top = await openOnClick(FAKE_CLIENT);
    try {
      await command(top, { child: broadcastUrl(BROADCAST_HERE, VALID_MESSAGE) });
      if (navigator.userAgent.includes("Chrome/")) {
        await until(() => redirects.length > 0);
        expect(await flush(redirects)).to.have.length(1);
      } else {
        expect(await flush(redirects)).to.deep.equal([]);
      }
    } finally {
      top.close();
    }
  });
});

describe("isRedirectFor: the element's filter", () => {
  const redirect = { accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID, acquisitionStatus: "SUCCESS" } as const;

  it("takes any redirect while the workflow is unknown", () => {
    expect(isRedirectFor(redirect, undefined)).to.equal(true);
  });

  it("takes the redirect of its workflow, whatever the case of the UUID", () => {
    expect(isRedirectFor(redirect, WORKFLOW_ID)).to.equal(true);
    expect(isRedirectFor(redirect, WORKFLOW_ID.toUpperCase())).to.equal(true);
  });

  it("refuses the redirect of another workflow", () => {
    expect(isRedirectFor(redirect, crypto.randomUUID())).to.equal(false);
  });
});
