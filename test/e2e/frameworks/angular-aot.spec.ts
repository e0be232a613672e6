// The docs' Angular example through Angular's own compiler (ngc, strict template type
// checking), against the built package's declarations: what docs/frameworks.md says the template
// compiler accepts and rejects. ngc needs TypeScript 5.9–6.0, so it lives in a package of its own
// (angular-aot/, installed by `npm run test:e2e`); each case writes its component and tsconfig
// to angular-aot/generated/.

import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { promisify, stripVTControlCharacters } from "node:util";
import { expect, test } from "@playwright/test";

const PACKAGE = new URL("./angular-aot/", import.meta.url);
const GENERATED = new URL("generated/", PACKAGE);
const NGC = new URL("node_modules/.bin/ngc", PACKAGE);

/** The first TypeScript block of docs/frameworks.md's Angular section, as integrators copy it. */
function docsExample(): string {
  const docs = readFileSync(new URL("../../../docs/frameworks.md", import.meta.url), "utf8");
  const section = docs.slice(docs.indexOf("\n## Angular\n"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error("docs/frameworks.md has no TypeScript block under ## Angular");
  return code;
}

/** `source`, changed by `edit`, which must change it: a mutation that misses proves nothing. */
function edited(source: string, from: string, to: string): string {
  expect(source).toContain(from);
  return source.replace(from, to);
}

/** Compiles `source` as `name.component.ts` with ngc; the outcome and the diagnostics, without colours. */
async function ngc(name: string, source: string, angularCompilerOptions: Record<string, unknown> = {}) {
  mkdirSync(GENERATED, { recursive: true });
  writeFileSync(new URL(`${name}.component.ts`, GENERATED), `declare function csrfToken(): string;\n${source}`);
  const config = { extends: "../tsconfig.json", files: [`${name}.component.ts`], angularCompilerOptions };
  writeFileSync(new URL(`${name}.tsconfig.json`, GENERATED), JSON.stringify(config));
  try {
    await promisify(execFile)(NGC.pathname, ["-p", new URL(`${name}.tsconfig.json`, GENERATED).pathname]);
    return { compiled: true, diagnostics: "" };
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    return { compiled: false, diagnostics: stripVTControlCharacters(`${stdout}${stderr}`) };
  }
}

test("the docs' Angular component compiles with ngc under strictTemplates", async () => {
  const result = await ngc("readme", docsExample());
  expect(result.diagnostics).toBe("");
  expect(result.compiled).toBe(true);
});

test("under strictTemplates, $event is typed from HTMLElementEventMap: a handler for another event does not compile", async () => {
  const source = edited(docsExample(), `(jumio-success)="onSuccess($event)"`, `(jumio-success)="onError($event)"`);
  const result = await ngc("mixed-up-handler", source);
  expect(result.compiled).toBe(false);
  expect(result.diagnostics).toContain(
    "Argument of type 'JumioSuccessEvent' is not assignable to parameter of type 'JumioErrorEvent'",
  );
});

test("without strictTemplates, $event is any: the same mix-up compiles", async () => {
  const source = edited(docsExample(), `(jumio-success)="onSuccess($event)"`, `(jumio-success)="onError($event)"`);
  const result = await ngc("mixed-up-handler-loose", source, { strictTemplates: false });
  expect(result.diagnostics).toBe("");
  expect(result.compiled).toBe(true);
});

test("without CUSTOM_ELEMENTS_SCHEMA, the element and its property bindings do not compile", async () => {
  const result = await ngc("no-schema", edited(docsExample(), "  schemas: [CUSTOM_ELEMENTS_SCHEMA],\n", ""));
  expect(result.compiled).toBe(false);
  expect(result.diagnostics).toContain("NG8001: 'jumio-verification' is not a known element");
  expect(result.diagnostics).toContain(
    "NG8002: Can't bind to 'href' since it isn't a known property of 'jumio-verification'",
  );
});

test("CUSTOM_ELEMENTS_SCHEMA accepts any property name: a misspelled [hreff] compiles", async () => {
  const result = await ngc("misspelled-property", edited(docsExample(), `[href]="href()"`, `[hreff]="href()"`));
  expect(result.diagnostics).toBe("");
  expect(result.compiled).toBe(true);
});
