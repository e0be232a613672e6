// docs/getting-started.md's Vite + React app, made as the doc says, in Chromium: create-vite's
// react-ts template (scaffolded by create-vite itself, non-interactively), the doc's files from
// examples/vite-react/, the package as `npm pack` makes it, the CLI mock with the .env it prints,
// the backend (server.ts) and the app on the Vite dev server, then built and on `vite preview`.
// The app's dependencies are the pinned ones of frameworks/vite-react/ (installed by `npm run
// test:e2e`), found by Node's resolution from its .app/; their bins stand for the doc's `npx`.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { freePort, installPacked, run, type Started, start, userEnv } from "./support/processes.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const PACKAGE = new URL("./frameworks/vite-react/", import.meta.url).pathname;
/** Where the app is made anew each run, "app" in it: inside the package, whose node_modules it resolves. */
const APPS = join(PACKAGE, ".app");
const APP = join(APPS, "app");
const bin = (name: string) => join(PACKAGE, "node_modules/.bin", name);
/** Where `npx jumio-verification-mock` listens by default, as the doc shows it. */
const DOC_MOCK_URL = "http://127.0.0.1:5174";

/** The template's tsconfig.node.json line, and the doc's: `npm run build` type-checks server.ts too. */
const NODE_INCLUDE = '"include": ["vite.config.ts"]';
const NODE_INCLUDE_WITH_SERVER = '"include": ["vite.config.ts", "server.ts"]';

/** Whether `version` is in a `^x.y.z` or `~x.y.z` range, the only ones create-vite's template uses. */
function satisfies(version: string, range: string): boolean {
  const [, operator, low] = /^([~^])(\d+\.\d+\.\d+)$/.exec(range) ?? [];
  if (!operator || !low) throw new Error(`Not a ^ or ~ range: ${range}`);
  const [have, want] = [version, low].map((v) => v.split(".").map(Number)) as [number[], number[]];
  const fixed = operator === "~" || want[0] === 0 ? 2 : 1;
  if (have.slice(0, fixed).join(".") !== want.slice(0, fixed).join(".")) return false;
  return (have.map((part, index) => part - want[index]!).find((difference) => difference !== 0) ?? 0) >= 0;
}

type Manifest = Partial<Record<"dependencies" | "devDependencies", Record<string, string>>>;
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/** create-vite's react-ts template, as the doc's `npm create vite@latest my-app -- --template react-ts --no-interactive` makes it. */
async function scaffold(): Promise<void> {
  rmSync(APPS, { recursive: true, force: true });
  mkdirSync(APPS);
  // create-vite takes its directory relative to where it runs, an absolute one included.
  await run(bin("create-vite"), ["app", "--template", "react-ts", "--no-interactive"], { cwd: APPS, env: userEnv() });
  // A repository of its own, as a user's app is: oxlint heeds the .gitignore files of its repository, not this one's.
  await run("git", ["init", "--quiet"], { cwd: APP });
  // The pins of frameworks/vite-react/ are what the template's ranges get.
  const [template, pinned] = [manifest(APP), manifest(PACKAGE)];
  for (const kind of ["dependencies", "devDependencies"] as const) {
    for (const [name, range] of Object.entries(template[kind] ?? {})) {
      expect(satisfies(pinned[kind]?.[name] ?? "missing", range), `${name}@${range} pinned`).toBe(true);
    }
  }
}

/** The doc's steps on top of the template: its files, server.ts in tsconfig.node.json, .gitignore's lines. */
function addTheDocsFiles(): void {
  cpSync(join(ROOT, "examples/vite-react"), APP, { recursive: true });
  const tsconfig = join(APP, "tsconfig.node.json");
  const before = readFileSync(tsconfig, "utf8");
  expect(before).toContain(NODE_INCLUDE);
  writeFileSync(tsconfig, before.replace(NODE_INCLUDE, NODE_INCLUDE_WITH_SERVER));
  writeFileSync(
    join(APP, ".gitignore"),
    `${readFileSync(join(APP, ".gitignore"), "utf8")}\n.env\n.jumio-verification\n`,
  );
}

/**
 * The .env the doc says to write: the block the mock printed, its JUMIO_ALLOWED_ORIGINS renamed
 * for Vite. It is the doc's .env block but for the mock's port.
 */
function writeEnv(mockOutput: readonly string[]): Record<string, string> {
  const first = mockOutput.findIndex((line) => line.startsWith("JUMIO_CLIENT_ID="));
  const last = mockOutput.findIndex((line) => line.startsWith("JUMIO_ALLOWED_ORIGINS="));
  expect(first, "the mock printed its .env block").toBeGreaterThanOrEqual(0);
  const lines = mockOutput.slice(first, last + 1).map((line) => line.replace(/^JUMIO_ALLOWED_ORIGINS=/, "VITE_$&"));
  const dotenv = `${lines.join("\n")}\n`;
  writeFileSync(join(APP, ".env"), dotenv);
  const env = Object.fromEntries(
    lines.filter((line) => !line.startsWith("#")).map((line) => line.split(/=(.*)/s, 2) as [string, string]),
  );
  const doc = readFileSync(join(ROOT, "docs/getting-started.md"), "utf8");
  expect(doc).toContain(`\n${dotenv.replaceAll(env.JUMIO_BASE_URL!, DOC_MOCK_URL)}\`\`\``);
  return env;
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

test.describe("docs/getting-started.md: a Vite + React app on the mock, to a stored decision", () => {
  test.describe.configure({ mode: "serial" });
  let mock: Started;
  let backend: Started;
  let env: Record<string, string>;
  let appEnv: NodeJS.ProcessEnv;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await scaffold();
    await installPacked(PACKAGE);
    addTheDocsFiles();
    mock = await start(bin("jumio-verification-mock"), ["--port", String(await freePort())], {
      cwd: APP,
      env: userEnv(),
      ready: /^Control API:/,
    });
    env = writeEnv(mock.lines);
    // The backend's PORT, which vite.config.ts proxies /api to: free ones here, 3000 in the doc.
    appEnv = { ...userEnv(), PORT: String(await freePort()) };
    backend = await start(bin("tsx"), ["--env-file=.env", "server.ts"], {
      cwd: APP,
      env: appEnv,
      ready: /^Backend listening on/,
    });
  });

  test.afterAll(async () => {
    await backend?.stop();
    await mock?.stop();
  });

  test("npm run build type-checks the app and server.ts, and npm run lint finds nothing", async () => {
    await run("npm", ["run", "build"], { cwd: APP, env: userEnv() });
    const { stdout } = await run("npm", ["run", "lint"], { cwd: APP, env: userEnv() });
    expect(stdout).toContain("Found 0 warnings and 0 errors.");
  });

  async function verifies(page: Page, origin: string) {
    const report = watch(page);
    const successes = await recordSuccesses(page);
    const workflowsBefore = await workflowCount();
    await page.goto(origin);

    const element = page.locator("jumio-verification");
    await expect(element).toHaveAttribute("state", "loaded");
    await expect(element.locator("iframe")).toHaveAttribute("src", new RegExp(`^${env.JUMIO_BASE_URL}/web/v4/app\\?`));
    await page.frameLocator("jumio-verification iframe").getByRole("button", { name: "Complete verification" }).click();
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
    return report.warnings;
  }

  async function workflowCount(): Promise<number> {
    const response = await fetch(`${env.JUMIO_BASE_URL}/__mock/workflows`);
    return ((await response.json()) as unknown[]).length;
  }

  test("npm run dev: the element loads the mock's web client, and the page shows the stored decision", async ({
    page,
  }) => {
    const port = String(await freePort());
    const vite = await start(bin("vite"), ["--port", port, "--strictPort"], {
      cwd: APP,
      env: appEnv,
      ready: /Local:\s+http/,
    });
    try {
      const warnings = await verifies(page, `http://localhost:${port}`);
      // Not the package's: Lit's in a development build, Chromium's on allowfullscreen (docs/element.md).
      expect(warnings.sort()).toEqual([
        "Allow attribute will take precedence over 'allowfullscreen'.",
        expect.stringMatching(/^Lit is in dev mode\./),
      ]);
    } finally {
      await vite.stop();
    }
  });

  test("npm run preview: the built app does the same", async ({ page }) => {
    const port = String(await freePort());
    const vite = await start(bin("vite"), ["preview", "--port", port, "--strictPort"], {
      cwd: APP,
      env: appEnv,
      ready: /Local:\s+http/,
    });
    try {
      const warnings = await verifies(page, `http://localhost:${port}`);
      expect(warnings).toEqual(["Allow attribute will take precedence over 'allowfullscreen'."]);
    } finally {
      await vite.stop();
    }
  });
});
