import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findBrowsers } from "./scripts/browsers.mjs";

const { chromium } = await findBrowsers();
if (!chromium) throw new Error("No Chromium for the end-to-end tests: run `npm run browsers`.");

export const DEMO_PORT = 5273;

/** End-to-end tests: the demo (`npm start`) on the local simulated Jumio, in Chromium. */
export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results",
  workers: 1,
  timeout: 30000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${DEMO_PORT}`,
    launchOptions: { executablePath: chromium.path, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: {
    command: "npm start",
    url: `http://localhost:${DEMO_PORT}/`,
    env: { PORT: String(DEMO_PORT), DEMO_DATA_DIR: ".demo-data/e2e", DEMO_HOSTS: "demo.test" },
    reuseExistingServer: false,
    timeout: 60000,
    stdout: "pipe",
  },
});
