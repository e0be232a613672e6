// Debian's WebKitGTK for the browser tests: MiniBrowser has no headless mode, so it runs on an
// Xvfb display, driven through WebKitWebDriver. Both processes end with this one.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
export const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
export const XVFB = "/usr/bin/Xvfb";

const children = [];
process.on("exit", () => {
  for (const child of children) child.kill();
});

function track(child) {
  children.push(child);
  return child;
}

/** Starts a virtual display and answers its number (Xvfb writes it to fd 3). */
function startDisplay() {
  const xvfb = track(
    spawn(XVFB, ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "ignore", "ignore", "pipe"],
    }),
  );
  return new Promise((resolve, reject) => {
    let output = "";
    xvfb.stdio[3].on("data", (chunk) => {
      output += chunk;
      if (output.includes("\n")) resolve(output.trim());
    });
    xvfb.on("exit", (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("WebKitWebDriver did not start");
}

/** Starts Xvfb and WebKitWebDriver; answers the options of @web/test-runner-webdriver's launcher. */
export async function startWebKitDriver() {
  const display = await startDisplay();
  const port = await freePort();
  track(spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: "ignore", env: { ...process.env, DISPLAY: `:${display}` } }));
  await waitForDriver(port);
  return {
    automationProtocol: "webdriver",
    hostname: "127.0.0.1",
    port,
    path: "/",
    logLevel: "error",
    capabilities: {
      browserName: "MiniBrowser",
      "wdio:enforceWebDriverClassic": true,
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    },
  };
}
