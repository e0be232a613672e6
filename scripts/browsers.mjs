// Finds the browsers the tests drive: Debian's first, else Playwright's own. Installing them
// is scripts/prerequisites.mjs's job.
import { existsSync } from "node:fs";
import { MINIBROWSER, WEBKIT_DRIVER, XVFB } from "./webkit-driver.mjs";

// Functions, not lists: asked again after an install, they see what it brought.
const SYSTEM = {
  chromium: () => ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"],
  firefox: () => ["/usr/bin/firefox-esr", "/usr/bin/firefox"],
  // WebKitGTK's MiniBrowser counts only with its driver and a virtual display to run on.
  webkit: () => ([WEBKIT_DRIVER, MINIBROWSER, XVFB].every((path) => existsSync(path)) ? [MINIBROWSER] : []),
};

/** Debian's packages that bring every engine. */
export const BROWSER_APT_PACKAGES = [
  "chromium",
  "firefox-esr",
  "webkit2gtk-driver",
  "xvfb",
  "xauth",
  "fonts-liberation",
];

/** Chromium's flags on a machine without network: no background connections, no sandbox (root, CI). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

async function playwrightExecutable(name) {
  try {
    const playwright = await import("playwright");
    const path = playwright[name].executablePath();
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** `{ kind: "system" | "playwright", path }` for each engine, or null where none is there. */
export async function findBrowsers() {
  const found = {};
  for (const [name, paths] of Object.entries(SYSTEM)) {
    const system = paths().find((path) => existsSync(path));
    const bundled = system ? null : await playwrightExecutable(name);
    found[name] = system ? { kind: "system", path: system } : bundled ? { kind: "playwright", path: bundled } : null;
  }
  return found;
}
