// docs/getting-started.md's three apps, each made as the doc says, in Chromium: create-vite's
// react-ts and vue-ts templates (scaffolded by create-vite itself, non-interactively) and a plain
// HTML page in a bare npm project; the doc's files from examples/getting-started/, the package as
// `npm pack` makes it, the CLI mock with the .env it prints, the backend (server.ts), and the
// page: on the Vite dev server, then built and on `vite preview`, or served by the backend.
// Each app's dependencies are the pinned ones of its frameworks/ package (installed by `npm run
// test:e2e`), found by Node's resolution from its .app/; their bins stand for the doc's `npx`.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { expectPinned } from "./support/pins.js";
import { freePort, installPacked, run, type Started, start, userEnv } from "./support/processes.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXAMPLES = join(ROOT, "examples/getting-started");
/** Where `npx jumio-verification-mock` listens by default, as the doc shows it. */
const DOC_MOCK_URL = "http://127.0.0.1:5174";

/** The templates' tsconfig.node.json line, and the doc's: `npm run build` type-checks server.ts too. */
const NODE_INCLUDE = '"include": ["vite.config.ts"]';
const NODE_INCLUDE_WITH_SERVER = '"include": ["vite.config.ts", "server.ts"]';

/** One of the doc's apps. */
interface Recipe {
  /** Its section's title in the doc. */
  title: string;
  /** Its pinned dependencies: frameworks/<name>/. */
  package: string;
  /** create-vite's template, or none for the plain HTML page. */
  template?: "react-ts" | "vue-ts";
  /** Its own files, from examples/getting-started/ (server.ts is every app's). */
  files: string;
}

const doc = () => readFileSync(join(ROOT, "docs/getting-started.md"), "utf8");

/** An app made anew, "app" in the .app/ of its package, whose node_modules it resolves. */
class App {
  readonly package: string;
  readonly dir: string;

  constructor(readonly recipe: Recipe) {
    this.package = new URL(`./frameworks/${recipe.package}/`, import.meta.url).pathname;
    this.dir = join(this.package, ".app/app");
  }

  bin(name: string): string {
    return join(this.package, "node_modules/.bin", name);
  }

  /** Step 1: create-vite's template (`npm create vite@latest my-app -- --template … --no-interactive`), or `npm init -y` and `npm pkg set type=module`. */
  async scaffold(): Promise<void> {
    const apps = join(this.package, ".app");
    rmSync(apps, { recursive: true, force: true });
    mkdirSync(apps);
    const { template } = this.recipe;
    if (!template) {
      mkdirSync(this.dir);
      await run("npm", ["init", "-y"], { cwd: this.dir, env: userEnv() });
      await run("npm", ["pkg", "set", "type=module"], { cwd: this.dir, env: userEnv() });
      return;
    }
    // create-vite takes its directory relative to where it runs, an absolute one included.
    await run(this.bin("create-vite"), ["app", "--template", template, "--no-interactive"], {
      cwd: apps,
      env: userEnv(),
    });
    // A repository of its own, as a user's app is: oxlint heeds the .gitignore files of its repository, not this one's.
    await run("git", ["init", "--quiet"], { cwd: this.dir });
    expectPinned(this.dir, this.package);
  }

  /** The doc's steps on top of it: its files, server.ts in tsconfig.node.json, .gitignore's lines. */
  addTheDocsFiles(): void {
    cpSync(join(EXAMPLES, "server.ts"), join(this.dir, "server.ts"));
    cpSync(join(EXAMPLES, this.recipe.files), this.dir, { recursive: true });
    if (!this.recipe.template) return;
    const tsconfig = join(this.dir, "tsconfig.node.json");
    const before = readFileSync(tsconfig, "utf8");
    expect(before).toContain(NODE_INCLUDE);
    writeFileSync(tsconfig, before.replace(NODE_INCLUDE, NODE_INCLUDE_WITH_SERVER));
    const gitignore = join(this.dir, ".gitignore");
    writeFileSync(gitignore, `${readFileSync(gitignore, "utf8")}\n.env\n.jumio-verification\n`);
  }

  /**
   * The .env the doc says to write: the block the mock printed, its JUMIO_ALLOWED_ORIGINS renamed
   * for Vite. It is the doc's .env block but for the mock's port; the plain page names the
   * mock's origin in its HTML, which is the doc's but for that port too.
   */
  writeEnv(mockOutput: readonly string[]): Record<string, string> {
    const first = mockOutput.findIndex((line) => line.startsWith("JUMIO_CLIENT_ID="));
    const last = mockOutput.findIndex((line) => line.startsWith("JUMIO_ALLOWED_ORIGINS="));
    expect(first, "the mock printed its .env block").toBeGreaterThanOrEqual(0);
    const printed = mockOutput.slice(first, last + 1);
    const lines = this.recipe.template
      ? printed.map((line) => line.replace(/^JUMIO_ALLOWED_ORIGINS=/, "VITE_$&"))
      : printed;
    const dotenv = `${lines.join("\n")}\n`;
    writeFileSync(join(this.dir, ".env"), dotenv);
    const env = Object.fromEntries(
      lines.filter((line) => !line.startsWith("#")).map((line) => line.split(/=(.*)/s, 2) as [string, string]),
    );
    const mockUrl = env.JUMIO_BASE_URL!;
    expect(doc()).toContain(`\n${dotenv.replaceAll(mockUrl, DOC_MOCK_URL)}\`\`\``);
    if (!this.recipe.template) {
      const page = join(this.dir, "public/index.html");
      const html = readFileSync(page, "utf8");
      expect(html).toContain(`allowed-origins="${DOC_MOCK_URL}"`);
      writeFileSync(page, html.replaceAll(DOC_MOCK_URL, mockUrl));
    }
    return env;
  }
}

interface PageReport {
  /** Console warnings and errors that are the package's (`jumio-verification: …`). */
  ours: string[];
  /** Every other console error, page error, failed request and answer of 400 or more. */
  failures: string[];
  /** The other console warnings. */
  warnings: string[];
}

function watch(page: Page): PageReport {
  const report: PageReport = { ours: [], failures: [], warnings: [] };
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() !== "warning" && message.type() !== "error") return;
    if (text.includes("jumio-verification:")) report.ours.push(text);
    else (message.type() === "error" ? report.failures : report.warnings).push(text);
  });
  page.on("pageerror", (error) => report.failures.push(error.message));
  page.on("requestfailed", (request) => report.failures.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400) report.failures.push(`${response.url()}: ${response.status()}`);
  });
  return report;
}

/** The workflow ids of the page's jumio-success events, recorded before its own scripts run. */
async function recordSuccesses(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const ids: string[] = [];
    Object.assign(window, { successes: ids });
    document.addEventListener("jumio-success", (event) =>
      ids.push((event as CustomEvent<{ workflowExecutionId: string }>).detail.workflowExecutionId),
    );
  });
  return () => page.evaluate(() => (window as unknown as { successes: string[] }).successes);
}

/** Chromium's, on every page (docs/element.md#the-allowfullscreen-warning). */
const ALLOWFULLSCREEN = "Allow attribute will take precedence over 'allowfullscreen'.";

/** What the tests of one app can do once beforeAll has made it and started the mock and its backend. */
interface Context {
  app: App;
  /** The backend's own origin: where the plain page is served. */
  backendOrigin(): string;
  /** Loads the page, completes the mock's verification, checks the stored decision; returns the other console warnings. */
  verifies(page: Page, origin: string): Promise<string[]>;
  /** Runs `vite …args` (`npm run dev`, `npm run preview`) on a free port while `use` runs. */
  withVite(args: readonly string[], use: (origin: string) => Promise<void>): Promise<void>;
}

/** Declares the tests of one app: made, the mock and its backend started, then `tests`. */
function gettingStarted(recipe: Recipe, tests: (context: Context) => void): void {
  test.describe(`docs/getting-started.md: ${recipe.title} on the mock, to a stored decision`, () => {
    test.describe.configure({ mode: "serial" });
    const app = new App(recipe);
    let mock: Started;
    let backend: Started;
    let env: Record<string, string>;
    let backendPort: string;

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      await app.scaffold();
      await installPacked(app.package);
      app.addTheDocsFiles();
      mock = await start(app.bin("jumio-verification-mock"), ["--port", String(await freePort())], {
        cwd: app.dir,
        env: userEnv(),
        ready: /^Control API:/,
      });
      env = app.writeEnv(mock.lines);
      // The backend's PORT, which vite.config.ts proxies /api to: free ones here, 3000 in the doc.
      backendPort = String(await freePort());
      backend = await start(app.bin("tsx"), ["--env-file=.env", "server.ts"], {
        cwd: app.dir,
        env: { ...userEnv(), PORT: backendPort },
        ready: /^Backend listening on/,
      });
    });

    test.afterAll(async () => {
      await backend?.stop();
      await mock?.stop();
    });

    async function workflowCount(): Promise<number> {
      const response = await fetch(`${env.JUMIO_BASE_URL}/__mock/workflows`);
      return ((await response.json()) as unknown[]).length;
    }

    tests({
      app,
      backendOrigin: () => `http://localhost:${backendPort}`,

      async verifies(page, origin) {
        const report = watch(page);
        const successes = await recordSuccesses(page);
        const workflowsBefore = await workflowCount();
        await page.goto(origin);

        const element = page.locator("jumio-verification");
        await expect(element).toHaveAttribute("state", "loaded");
        const src = new RegExp(`^${env.JUMIO_BASE_URL}/web/v4/app\\?`);
        await expect(element.locator("iframe")).toHaveAttribute("src", src);
        const client = page.frameLocator("jumio-verification iframe");
        await client.getByRole("button", { name: "Complete verification" }).click();
        await expect(element).toHaveAttribute("state", "success");
        await expect(page.getByText("Decision: PASSED")).toBeVisible({ timeout: 15_000 });

        const [id, ...more] = await successes();
        expect(more).toEqual([]);
        // One workflow for the page load (a POST the fetcher repeated, or StrictMode's second mount, would be two).
        expect(await workflowCount()).toBe(workflowsBefore + 1);
        // The service's stored decision, through the app's own origin.
        const stored = await page.request.get(`${origin}/api/jumio/verifications/${id}`);
        expect(await stored.json()).toEqual({ status: "PROCESSED", decision: "PASSED" });
        expect(backend.lines).toContain("Decision for newcomer: PASSED");
        expect(report.ours).toEqual([]);
        expect(report.failures).toEqual([]);
        return report.warnings.sort();
      },

      async withVite(args, use) {
        const port = String(await freePort());
        const vite = await start(app.bin("vite"), [...args, "--port", port, "--strictPort"], {
          cwd: app.dir,
          env: { ...userEnv(), PORT: backendPort },
          ready: /Local:\s+http/,
        });
        try {
          await use(`http://localhost:${port}`);
        } finally {
          await vite.stop();
        }
      },
    });
  });
}

/** Vite's apps, as the doc runs them: built (type-checked), on the dev server, and built on vite preview. */
function viteTests({ app, verifies, withVite }: Context, { lint }: { lint: boolean }): void {
  test(`npm run build type-checks the app and server.ts${lint ? ", and npm run lint finds nothing" : ""}`, async () => {
    await run("npm", ["run", "build"], { cwd: app.dir, env: userEnv() });
    if (!lint) return;
    const { stdout } = await run("npm", ["run", "lint"], { cwd: app.dir, env: userEnv() });
    expect(stdout).toContain("Found 0 warnings and 0 errors.");
  });

  test("npm run dev: the element loads the mock's web client, and the page shows the stored decision", async ({
    page,
  }) => {
    await withVite([], async (origin) => {
      // Not the package's: Lit's in a development build, Chromium's on allowfullscreen.
      expect(await verifies(page, origin)).toEqual([ALLOWFULLSCREEN, expect.stringMatching(/^Lit is in dev mode\./)]);
    });
  });

  test("npm run preview: the built app does the same", async ({ page }) => {
    await withVite(["preview"], async (origin) => {
      expect(await verifies(page, origin)).toEqual([ALLOWFULLSCREEN]);
    });
  });
}

gettingStarted({ title: "Vite + React", package: "vite-react", template: "react-ts", files: "react" }, (context) =>
  viteTests(context, { lint: true }),
);

gettingStarted({ title: "Vue + TypeScript", package: "vite-vue", template: "vue-ts", files: "vue" }, (context) => {
  viteTests(context, { lint: false });

  test("vue-tsc checks the element's props and events against src/jumio-verification.d.ts", async () => {
    const canary = join(context.app.dir, "src/Canary.vue");
    writeFileSync(
      canary,
      [
        '<script setup lang="ts">',
        'import "jumio-verification";',
        "</script>",
        "<template>",
        `  <jumio-verification :fetch-timeout="'soon'" @jumio-success="(event) => event.detail.hreff" />`,
        "</template>",
        "",
      ].join("\n"),
    );
    try {
      const failed = await run(context.app.bin("vue-tsc"), ["-b", "--pretty", "false"], {
        cwd: context.app.dir,
        env: userEnv(),
      }).then(
        () => "",
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(failed).toMatch(
        /src\/Canary\.vue\(5,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
      );
      expect(failed).toMatch(/src\/Canary\.vue\(5,\d+\): error TS2339: Property 'hreff' does not exist/);
    } finally {
      rmSync(canary);
    }
  });
});

gettingStarted({ title: "a plain HTML page", package: "html", files: "html" }, ({ backendOrigin, verifies }) => {
  test("the backend serves the page and the element's script: the same, with no build", async ({ page }) => {
    expect(await verifies(page, backendOrigin())).toEqual([ALLOWFULLSCREEN]);
  });
});
