// Messages per second through the element's real path: a real cross-site frame posts the
// guide's messages, the browser delivers trusted MessageEvents, and the element checks the
// source and origin, parses, validates and dispatches jumio-message (and jumio-error).
//
// Why the real path and not a loop over parseJumioMessage: the element's checks need trusted
// events from its own frame, which only a real frame can produce, and the cost of a message
// in a page depends on it arriving as a task of its own (a tight loop over the same work runs
// about three times faster than the same work spread over tasks). To measure the receiving
// page and not the sender, the page's main thread is held busy while the frame posts the whole
// burst; the burst then drains from the page's task queue, one task per message.
//
// The budget (≥ 100,000 messages/s) is on the element's own work: a stopwatch on the real path
// — a `message` listener on window added before the element's (pages.mjs) and one added after
// it — times each message; the same stopwatch in the same page without the element gives the
// floor (the browser deserializing `event.data`, calling listeners), which is subtracted. The
// pages are cross-origin isolated, so performance.now() ticks in 5 µs; the mean over tens of
// thousands of messages is what counts (it includes garbage collection). The drain rates with
// and without the element are reported beside it: here the browser's own delivery of a
// cross-process message costs more than the element's work does.
import { median } from "./stats.mjs";

/** In the page: counts what arrives, times each message between the stopwatch's listeners, watches for long tasks. */
function installCounters(withElement) {
  const counter = {
    count: 0,
    errors: 0,
    first: 0,
    last: 0,
    longTasks: [],
    outOfOrder: 0,
    isolated: crossOriginIsolated,
  };
  Object.defineProperty(window, "__bench", { value: counter });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) counter.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask" });
  const arrived = () => {
    const now = performance.now();
    if (counter.count++ === 0) counter.first = now;
    counter.last = now;
  };
  const stopwatch = window.__stopwatch;
  let timed = 0;
  window.addEventListener("message", (event) => {
    if (typeof event.data !== "string") return;
    stopwatch.total += performance.now() - stopwatch.start;
    stopwatch.timed++;
    if (withElement) {
      // The element has dispatched this message's jumio-message by now, or the listeners ran in another order.
      if (counter.count !== ++timed) counter.outOfOrder++;
    } else {
      arrived();
    }
  });
  if (withElement) {
    // An integrator's listener: what the element dispatches to.
    const element = document.querySelector("jumio-verification");
    element.addEventListener("jumio-message", arrived);
    element.addEventListener("jumio-error", () => counter.errors++);
  }
}

/** In the page: keeps the main thread busy for `ms`; returns when it let go. */
function holdMainThread(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
  return { releasedAt: performance.timeOrigin + performance.now(), released: performance.now() };
}

async function burstOnce(browser, servers, { withElement, messages }) {
  const context = await browser.newContext();
  const name = withElement ? "throughput" : "baseline";
  try {
    const page = await context.newPage();
    await page.goto(`${servers.pageOrigin}/${name}?run=${name}-${Date.now()}`, { waitUntil: "load" });
    const frame = page.frames().find((candidate) => candidate.url().startsWith(servers.clientOrigin));
    if (!frame) throw new Error(`${name}: no client frame`);
    await frame.waitForFunction(() => typeof window.burst === "function");
    if (withElement)
      await page.waitForFunction(
        () => document.querySelector("jumio-verification")?.getAttribute("state") === "loading",
      );
    await page.evaluate(installCounters, withElement);

    // Long enough to cover the frame's preparing and posting the whole burst (checked below).
    const held = page.evaluate(holdMainThread, 400 + messages * 0.03);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const posted = await frame.evaluate((count) => window.burst(count), messages);
    const { releasedAt, released } = await held;
    await page.waitForFunction((count) => window.__bench.count >= count, messages, { timeout: 60000, polling: 50 });
    await page.waitForTimeout(100);
    const counter = await page.evaluate(() => window.__bench);
    const stopwatch = await page.evaluate(() => window.__stopwatch);
    if (!counter.isolated)
      throw new Error(`${name}: the page is not cross-origin isolated; the stopwatch would tick in 100 µs`);
    if (counter.outOfOrder > 0) throw new Error(`${name}: the stopwatch's listeners did not surround the element's`);
    if (stopwatch.timed !== messages || counter.count !== messages)
      throw new Error(`${name}: ${counter.count} of ${messages} messages arrived`);
    return {
      messages: counter.count,
      errorEvents: counter.errors,
      stopwatchMicroseconds: (stopwatch.total * 1000) / stopwatch.timed,
      drainMs: counter.last - counter.first,
      drainPerSecond: (counter.count - 1) / ((counter.last - counter.first) / 1000),
      // The burst was all queued before the page let go: the drain rate is the page's, not the sender's.
      receiverBound: posted.end < releasedAt,
      longTasks: counter.longTasks.filter((task) => task.start >= released),
    };
  } finally {
    await context.close();
  }
}

const longestTask = (run) => Math.max(0, ...run.longTasks.map((task) => task.duration));

/** `repeats` alternating bursts without and with the element; the summary of the medians. */
export async function measureThroughput(browser, servers, { messages, repeats, best = false, log }) {
  const runs = { baseline: [], element: [] };
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const withElement of [false, true]) {
      let run = await burstOnce(browser, servers, { withElement, messages });
      if (!run.receiverBound) run = await burstOnce(browser, servers, { withElement, messages }); // once more, on a slow sender
      runs[withElement ? "element" : "baseline"].push(run);
      const longest = longestTask(run);
      log(
        `  ${withElement ? "element " : "baseline"}: ${run.messages.toLocaleString("en")} messages drained at ` +
          `${Math.round(run.drainPerSecond).toLocaleString("en")}/s; ${run.stopwatchMicroseconds.toFixed(2)} µs each between the stopwatch's listeners; ` +
          `longest task ${longest.toFixed(0)} ms${run.receiverBound ? "" : " (sender-bound)"}`,
      );
    }
  }
  const floor = median(runs.baseline.map((run) => run.stopwatchMicroseconds));
  const withElement = median(runs.element.map((run) => run.stopwatchMicroseconds));
  // Each element run minus the baseline run just before it: the machine's load drifts less
  // within a pair than across the whole run. The full run takes the median pair; the quick
  // run (a guard against gross regressions on shared CI machines) the best pair, since other
  // processes can only add time.
  const pairs = runs.element.map(
    (run, index) => run.stopwatchMicroseconds - runs.baseline[index].stopwatchMicroseconds,
  );
  const ownMicroseconds = best ? Math.min(...pairs) : median(pairs);
  return {
    messages,
    repeats,
    floorMicroseconds: floor,
    elementMicroseconds: withElement,
    ownMicroseconds,
    pairs,
    estimate: best ? "best pair" : "median pair",
    perSecond: 1e6 / ownMicroseconds,
    drainPerSecond: {
      baseline: median(runs.baseline.map((run) => run.drainPerSecond)),
      element: median(runs.element.map((run) => run.drainPerSecond)),
    },
    // Judged on the median run: on a shared machine, one run preempted by another process can
    // show a long task that is not the page's doing; every run's longest task is reported.
    longestTaskMs: median(runs.element.map(longestTask)),
    longestTaskMsPerRun: runs.element.map(longestTask),
    runs,
  };
}
