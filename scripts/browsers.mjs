// Finds the browsers the tests drive: Debian's first, else Playwright's own. With --install
// (what `npm test` runs), installs Debian's when neither is there and apt-get can run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { MINIBROWSER, WEBKIT_DRIVER, XVFB } from "./webkit-driver.mjs";

// Functions, not lists: asked again after an install, they see what it brought.
const SYSTEM = {
  chromium: () => ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"],
  firefox: () => ["/usr/bin/firefox-esr", "/usr/bin/firefox"],
  // WebKitGTK's MiniBrowser counts only with its driver and a virtual display to run on.
  webkit: () => ([WEBKIT_DRIVER, MINIBROWSER, XVFB].every((path) => existsSync(path)) ? [MINIBROWSER] : []),
};
const APT_PACKAGES = ["chromium", "firefox-esr", "webkit2gtk-driver", "xvfb", "xauth", "fonts-liberation"];

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

function aptPrefix() {
  if (!existsSync("/usr/bin/apt-get")) return null;
  if (process.getuid?.() === 0) return [];
  return spawnSync("sudo", ["-n", "true"]).status === 0 ? ["sudo", "-n"] : null;
}

async function ensureBrowsers() {
  let browsers = await findBrowsers();
  const missing = Object.keys(browsers).filter((name) => !browsers[name]);
  if (missing.length === 0) return browsers;
  const prefix = aptPrefix();
  if (prefix) {
    console.log(`Installing Debian's ${APT_PACKAGES.join(", ")} for the browser tests (missing: ${missing.join(", ")})…`);
    const [command, ...args] = [...prefix, "apt-get"];
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync(command, [...args, "update", "-qq"], { stdio: "inherit", env });
    execFileSync(command, [...args, "install", "-y", "-qq", "--no-install-recommends", ...APT_PACKAGES], { stdio: "inherit", env });
    browsers = await findBrowsers();
  }
  const still = Object.keys(browsers).filter((name) => !browsers[name]);
  if (still.length > 0) {
    console.error(
      `No ${still.join(" or ")} for the browser tests. Install Debian's:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(" ")}\n` +
        `or Playwright's own (where its download is reachable):\n  npx playwright install ${still.join(" ")}`,
    );
    process.exit(1);
  }
  return browsers;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const browsers = process.argv.includes("--install") ? await ensureBrowsers() : await findBrowsers();
  for (const [name, browser] of Object.entries(browsers)) {
    console.log(`${name}: ${browser ? `${browser.path} (${browser.kind})` : "not found"}`);
  }
}
