/**
 * web-test-runner hands a failed assertion's `actual` and `expected` to structuredClone to send
 * them to Node; a DOM node there throws, and the whole run then hangs until its timeout without
 * saying which test failed (modernweb-dev/web#2967, open-wc/open-wc#2880). So a failed test's
 * values that cannot be cloned are replaced by their description; the message stays as chai
 * wrote it. Imported by every test file that asserts on DOM nodes (through helpers.ts).
 */
const describeValue = (value: unknown): string =>
  value instanceof Element ? value.outerHTML.slice(0, 300) : String(value);

afterEach(function () {
  const error = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
  if (!error) return;
  for (const key of ["actual", "expected"] as const) {
    try {
      structuredClone(error[key]);
    } catch {
      error[key] = describeValue(error[key]);
    }
  }
});
