// 1,000 mount/unmount cycles, then, after garbage collection, what is still alive: element
// instances (Runtime.queryObjects on the class prototype), iframes, and `message` listeners
// on window (DOMDebugger.getEventListeners). A positive control first proves that the counts
// see a mounted element.

const GROUP = "bench-memory";

/** What is alive in the page right now, after two full garbage collections. */
async function census(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const evaluate = async (expression) =>
    (await cdp.send("Runtime.evaluate", { expression, objectGroup: GROUP })).result;
  /** Objects with that prototype in the page's own document (not in lit's cached `<template>`s, which have theirs). */
  const countWithPrototype = async (expression) => {
    const prototype = await evaluate(expression);
    const { objects } = await cdp.send("Runtime.queryObjects", {
      prototypeObjectId: prototype.objectId,
      objectGroup: GROUP,
    });
    const { result } = await cdp.send("Runtime.callFunctionOn", {
      objectId: objects.objectId,
      functionDeclaration: "function () { return this.filter((node) => node.ownerDocument === document).length; }",
      returnByValue: true,
    });
    return result.value;
  };
  const elements = await countWithPrototype("customElements.get('jumio-verification').prototype");
  const iframes = await countWithPrototype("HTMLIFrameElement.prototype");
  const window = await evaluate("window");
  const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: window.objectId });
  await cdp.send("Runtime.releaseObjectGroup", { objectGroup: GROUP });
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return {
    elements,
    iframes,
    messageListeners: listeners.filter((listener) => listener.type === "message").length,
    heapBytes: usedSize,
  };
}

/**
 * In the page: `cycles` mounts and unmounts, through every way the element is used — href,
 * href until the web client's `loaded` (every 10th: frame loaded, messages handled), endpoint
 * (fetch in flight), declarative (adopted iframe), and moved (disconnected and connected again
 * before it goes).
 */
async function cycle({ cycles, client, origin }) {
  const loaded = (element) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no jumio-loaded within 10 s")), 10000);
      element.addEventListener("jumio-loaded", () => resolve(clearTimeout(timer)), { once: true });
    });
  for (let index = 0; index < cycles; index++) {
    const element = document.createElement("jumio-verification");
    element.setAttribute("allowed-origins", origin);
    let done;
    if (index % 10 === 0) {
      element.setAttribute("href", `${client}?auto=loaded&cycle=${index}`);
      done = loaded(element);
    } else if (index % 4 === 1) {
      element.setAttribute("href", `${client}?cycle=${index}`);
    } else if (index % 4 === 2) {
      element.setAttribute("endpoint", `/api/verification-href?cycle=${index}`);
    } else {
      const iframe = document.createElement("iframe");
      iframe.setAttribute("allow", "camera;fullscreen;accelerometer;gyroscope;magnetometer");
      iframe.allowFullscreen = true;
      iframe.src = `${client}?cycle=${index}`;
      element.append(iframe);
    }
    document.body.append(element);
    await element.updateComplete;
    if (index % 4 === 3) {
      element.remove();
      document.body.append(element);
      await element.updateComplete;
    }
    await done;
    if (index % 50 === 49) await new Promise(requestAnimationFrame);
    element.remove();
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}

export async function measureMemory(browser, servers, { cycles, log }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${servers.pageOrigin}/memory`, { waitUntil: "load" });
    await page.waitForFunction(() => customElements.get("jumio-verification") !== undefined);
    const cdp = await context.newCDPSession(page);
    const client = `${servers.clientOrigin}/client.html`;

    const before = await census(cdp);
    // Positive control: one element mounted must be seen, and gone once it is removed.
    await page.evaluate(
      ({ client, origin }) => {
        const element = document.createElement("jumio-verification");
        element.id = "control";
        element.setAttribute("allowed-origins", origin);
        element.setAttribute("href", `${client}?control`);
        document.body.append(element);
        return element.updateComplete;
      },
      { client, origin: servers.clientOrigin },
    );
    const mounted = await census(cdp);
    await page.evaluate(() => document.getElementById("control").remove());
    const started = Date.now();
    await page.evaluate(cycle, { cycles, client, origin: servers.clientOrigin });
    const seconds = (Date.now() - started) / 1000;
    const after = await census(cdp);
    log(
      `  ${cycles} cycles in ${seconds.toFixed(1)} s; control: ${mounted.elements} element, ${mounted.messageListeners} message listener while mounted`,
    );
    return { cycles, seconds, before, mounted, after };
  } finally {
    await context.close();
  }
}
