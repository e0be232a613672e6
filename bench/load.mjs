// Page start → verification iframe's navigation start, for each load case, interleaved.
import { CASES } from "./pages.mjs";

/** How long a new browser context's processes get to finish starting before the clock starts. */
const SETTLE_MS = 250;

/** Runs in every frame before any of its scripts: the top page collects what its frames report. */
function collectFrameReports() {
  if (window !== window.top) return;
  const reports = [];
  Object.defineProperty(window, "__benchReports", { value: reports });
  window.addEventListener("message", (event) => {
    if (event.data && typeof event.data === "object" && typeof event.data.benchTimeOrigin === "number") {
      reports.push({ origin: event.origin, timeOrigin: event.data.benchTimeOrigin, run: event.data.run });
    }
  });
}

/** What the page knew by its load event: where the time before the frame went. */
function pageTimeline() {
  const [navigation] = performance.getEntriesByType("navigation");
  // The page's one script: the bundle, or the minimal element's.
  const bundle = performance.getEntriesByType("resource").find((entry) => entry.initiatorType === "script");
  const paint = performance.getEntriesByType("paint").find((entry) => entry.name === "first-paint");
  return {
    timeOrigin: performance.timeOrigin,
    domInteractive: navigation?.domInteractive,
    bundleEnd: bundle?.responseEnd,
    firstPaint: paint?.startTime,
  };
}

/**
 * One page load in a fresh browser context (cold cache, new connections) with the CPU
 * throttled. The frame's navigation start is read twice, independently: through the DevTools
 * protocol (Playwright's handle on the out-of-process frame) and from the frame's own
 * postMessage; they must agree, and the frame must have navigated exactly once.
 */
async function loadOnce(browser, servers, caseId, run, { cpuThrottling }) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  try {
    await context.addInitScript(collectFrameReports);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuThrottling });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const clientFrame = new Promise((resolve) => {
      page.on(
        "framenavigated",
        (frame) => frame !== page.mainFrame() && frame.url().startsWith(servers.clientOrigin) && resolve(frame),
      );
    });
    await page.goto(`${servers.pageOrigin}/${caseId}?run=${run}`, { waitUntil: "load", timeout: 30000 });
    let timer;
    const timeout = new Promise(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${caseId}: no verification frame`)), 15000)),
    );
    const frame = await Promise.race([clientFrame, timeout]).finally(() => clearTimeout(timer));
    const frameTimeOrigin = await frame.evaluate(() => performance.timeOrigin);
    await page.waitForFunction(() => window.__benchReports.length > 0, undefined, { timeout: 15000 });
    await page.waitForTimeout(50); // a second navigation of the frame would report again
    const reports = await page.evaluate(() => window.__benchReports);
    const timeline = await page.evaluate(pageTimeline);
    const problems = [];
    if (reports.length !== 1) problems.push(`the frame navigated ${reports.length} times`);
    if (reports[0].run !== run || reports[0].origin !== servers.clientOrigin)
      problems.push("the frame reported for another run or origin");
    if (Math.abs(reports[0].timeOrigin - frameTimeOrigin) > 0.01)
      problems.push("postMessage and CDP disagree on the frame's timeOrigin");
    if (problems.length > 0) throw new Error(`${caseId} (run ${run}): ${problems.join("; ")}`);
    return { ms: frameTimeOrigin - timeline.timeOrigin, timeline };
  } finally {
    await context.close();
  }
}

/** The cases in a random order (Fisher–Yates). */
function shuffled(cases) {
  const order = [...cases];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}

/**
 * `loads` rounds of every case (plus one warm-up round, discarded: the first load of a fresh
 * browser pays for process start-up), each round in a new random order: a load can leave work
 * behind (the previous context's teardown), and a fixed order would charge it to one case.
 * Returns the samples per case.
 */
export async function measureLoads(browser, servers, { loads, cpuThrottling, log }) {
  const samples = Object.fromEntries(CASES.map(({ id }) => [id, []]));
  const timelines = Object.fromEntries(CASES.map(({ id }) => [id, []]));
  for (let round = -1; round < loads; round++) {
    for (const { id } of shuffled(CASES)) {
      const run = `${id}-${round}-${Math.random().toString(36).slice(2, 8)}`;
      const { ms, timeline } = await loadOnce(browser, servers, id, run, { cpuThrottling });
      if (round < 0) continue;
      samples[id].push(ms);
      timelines[id].push(timeline);
    }
    if (round >= 0)
      log(`  round ${round + 1}/${loads}: ${CASES.map(({ id }) => `${samples[id].at(-1).toFixed(1)}`).join("  ")} ms`);
  }
  return { samples, timelines };
}
