import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";
import { playwrightLauncher } from "@web/test-runner-playwright";
import { webdriverLauncher } from "@web/test-runner-webdriver";
import * as puppeteerCore from "puppeteer-core";
import { CHROMIUM_ARGS, findBrowsers } from "./scripts/browsers.mjs";
import { startWebKitDriver } from "./scripts/webkit-driver.mjs";
import { endpointMiddleware, pageMiddleware, startFixtureOrigin, webviewMiddleware } from "./test/test-servers.mjs";

const { chromium, firefox, webkit } = await findBrowsers();
if (!chromium || !firefox || !webkit) throw new Error("No browser for the tests: run `npm run browsers`.");

const browsers = [
  playwrightLauncher({
    product: "chromium",
    launchOptions: { executablePath: chromium.path, args: [...CHROMIUM_ARGS, "--js-flags=--expose-gc"] },
  }),
  firefox.kind === "system"
    ? chromeLauncher({
        puppeteer: puppeteerCore,
        launchOptions: { browser: "firefox", executablePath: firefox.path, headless: true },
      })
    : playwrightLauncher({ product: "firefox" }),
  webkit.kind === "system" ? webdriverLauncher(await startWebKitDriver()) : playwrightLauncher({ product: "webkit" }),
];

let fixtureOrigin;

export default {
  files: ["test/unit/**/*.test.ts"],
  nodeResolve: true,
  browsers,
  concurrentBrowsers: 1,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
  middleware: [
    endpointMiddleware(() => fixtureOrigin.origin),
    pageMiddleware(() => fixtureOrigin.origin),
    webviewMiddleware(() => fixtureOrigin.origin),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: "es2022" }),
    {
      name: "fixture-origin",
      async serverStart() {
        fixtureOrigin = await startFixtureOrigin();
      },
      serverStop() {
        fixtureOrigin?.close();
      },
      serve(context) {
        if (context.path === "/__fixture-origin") return { body: fixtureOrigin.origin, type: "txt" };
        if (context.path === "/__fixture-origin/requests") {
          return { body: JSON.stringify(fixtureOrigin.requests), type: "json" };
        }
      },
    },
  ],
};
