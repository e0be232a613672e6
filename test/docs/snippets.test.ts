// Every code block of the README and docs/ is checked here, unless it is an example file's
// (test/service/examples.test.ts checks those, byte for byte). TypeScript blocks are type-checked
// strictly against the built package (`npm run build` first), as users import it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { IFRAME_ALLOW } from "../../src/frame-markup.js";
import { VERIFICATION_DEFAULTS } from "../../src/options.js";
import {
  type CodeBlock,
  codeBlocks,
  cssProblems,
  docsDiagnostic,
  type ElementContract,
  type Environment,
  environmentOf,
  htmlProblems,
  type PackageContract,
  type SnippetFile,
  shellProblems,
  snippetFile,
  unknownBridges,
  unknownEventNames,
} from "./snippets.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const names = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((match) => match[1]!));
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

const element: ElementContract = {
  tag: "jumio-verification",
  attributes: new Map(
    Object.entries(VERIFICATION_DEFAULTS)
      .filter(([name]) => name !== "requestInit")
      .map(([name, value]) => [kebab(name), typeof value as "string" | "number" | "boolean"]),
  ),
  properties: new Set(Object.keys(VERIFICATION_DEFAULTS)),
  events: names(read("src/element/events.ts"), /super\("(jumio-[\w-]+)"/g),
  slots: names(read("src/element/jumio-verification-element.ts"), /<slot name="([\w-]+)"/g),
  parts: names(read("src/element/iframe.ts"), /\.part = "([\w-]+)"/g),
  customProperties: names(read("src/element/styles.ts"), /(--jumio-[\w-]+)/g),
  allow: IFRAME_ALLOW.split(";"),
  bridges: names(read("src/element/native-hosts.ts"), /window\.(?:webkit\?\.messageHandlers\?\.)?(\w+)/g),
};

const manifest = JSON.parse(read("package.json")) as {
  name: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const packageContract: PackageContract = {
  name: manifest.name,
  scripts: manifest.scripts,
  bin: manifest.bin,
  installable: new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]),
  exists: (path) => existsSync(join(ROOT, path)),
};

const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const blocks = DOCS.flatMap((doc) => codeBlocks(doc, read(doc))).filter((block) => !block.include);
const at = (block: CodeBlock) => `${block.doc}:${block.line}`;
const ofLanguage = (...langs: string[]) => blocks.filter((block) => langs.includes(block.lang));
const TYPESCRIPT = ["ts", "tsx", "js", "vue"];
// Checked below without a compiler; text and untagged blocks are allowed as they are.
const OTHERS = ["html", "sh", "css", "json", "swift", "kotlin", "text", ""];

/** Each block's problems, by where it is; none is `[]`. */
function problemsOf(list: readonly CodeBlock[], check: (block: CodeBlock) => string[]): string[] {
  return list.flatMap((block) => check(block).map((problem) => `${at(block)}: ${problem}`));
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const SNIPPETS = join(ROOT, "test/docs/.snippets");
after(() => rmSync(SNIPPETS, { recursive: true, force: true }));

const CANARY = "canary.ts";
// Not the docs': what each environment must refuse, so that a green run means something.
const CANARIES: Readonly<Record<Environment, string>> = {
  browser: [
    'import "jumio-verification";',
    "export const mode = process.env.NODE_ENV;",
    'document.querySelector("jumio-verification")!.href = href;',
    'document.querySelector("jumio-verification")!.hreff = "";',
  ].join("\n"),
  node: [
    'import "jumio-verification/server";',
    "export const title = document.title;",
    "export const url = href;",
  ].join("\n"),
};
const COMPILER_OPTIONS: Readonly<Record<Environment, object>> = {
  browser: { lib: ["es2022", "dom", "dom.iterable"], types: [] },
  node: { lib: ["es2022"], types: ["node"] },
};

/** Writes the environment's files and its tsconfig, runs tsc, and returns its diagnostics, at their docs' lines. */
async function typeCheck(environment: Environment, all: readonly SnippetFile[]): Promise<string[]> {
  const folder = join(SNIPPETS, environment);
  rmSync(folder, { recursive: true, force: true });
  const files = all.filter((file) => file.environment === environment);
  for (const { path, source } of [...files, { path: CANARY, source: CANARIES[environment] }]) {
    assert.ok(!existsSync(join(folder, path)), `two blocks are ${path}`);
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), source);
  }
  const tsconfig = {
    extends: "../../../../tsconfig.base.json",
    compilerOptions: {
      ...COMPILER_OPTIONS[environment],
      noEmit: true,
      // A block shows a value without using it (`const result = …; // { accountId, … }`).
      noUnusedLocals: false,
      moduleDetection: "force",
      jsx: "react-jsx",
      allowJs: true,
      checkJs: true,
    },
    files: [...files.map((file) => file.path), CANARY, `../../stubs.${environment}.d.ts`],
  };
  writeFileSync(join(folder, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const output = await promisify(execFile)("npx", ["tsc", "-p", folder, "--pretty", "false"], { cwd: ROOT }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  return output
    .split(/\n(?=\S)/)
    .filter((diagnostic) => diagnostic.trim())
    .map((diagnostic) => docsDiagnostic(diagnostic.trimEnd(), files));
}

describe("the docs' code blocks", () => {
  test("are each in a language this test knows, with a marker only where one means something", () => {
    assert.ok(blocks.length >= 40, `only ${blocks.length} blocks found`);
    const unknown = blocks.filter((block) => ![...TYPESCRIPT, ...OTHERS].includes(block.lang));
    const marked = blocks.filter(
      (block) => block.preamble !== undefined && ![...TYPESCRIPT, "sh"].includes(block.lang),
    );
    assert.deepEqual(
      [...unknown, ...marked].map((block) => `${at(block)}: ${block.lang}${block.preamble ? ", marked" : ""}`),
      [],
    );
  });

  test("ts, tsx, js and vue's script type-check strictly against the built package, page code in the DOM, backend code in Node", async () => {
    assert.ok(existsSync(join(ROOT, "dist/index.d.ts")), "no dist/: run `npm run build` first");
    const files = ofLanguage(...TYPESCRIPT).map(snippetFile);
    const reports = await Promise.all(
      (["browser", "node"] as const).map((environment) => typeCheck(environment, files)),
    );
    const diagnostics = reports.flat();
    const canaries = diagnostics.filter((diagnostic) => diagnostic.includes(CANARY));
    assert.deepEqual(
      diagnostics.filter((diagnostic) => !canaries.includes(diagnostic)),
      [],
    );
    // Each environment's own canary fails, and only as it should: the test can fail, placeholders are no globals.
    assert.deepEqual(
      canaries.map((diagnostic) => /error (TS\d+): [^']*'(\w+)'/.exec(diagnostic)?.slice(1, 3).join(" ")),
      ["TS2591 process", "TS2304 href", "TS2551 hreff", "TS2584 document", "TS2304 href"],
    );
  });

  test("html and vue's template: tags close, and the element's attributes, bindings, events and slots exist", () => {
    const html = problemsOf(ofLanguage("html"), (block) => htmlProblems(block.code, element));
    const vue = problemsOf(ofLanguage("vue"), (block) => {
      const template = /<template>\n([\s\S]*?)<\/template>/.exec(block.code)?.[1];
      return template === undefined ? ["no <template>"] : htmlProblems(template, element, "vue");
    });
    assert.deepEqual([...html, ...vue], []);
  });

  test('"jumio-…" names outside TypeScript are events the element dispatches', () => {
    assert.deepEqual(
      problemsOf(ofLanguage(...OTHERS, "vue"), (block) => unknownEventNames(block.code, element)),
      [],
    );
  });

  test("swift and kotlin post to the objects the page looks for", () => {
    assert.deepEqual(
      problemsOf(ofLanguage("swift", "kotlin"), (block) => unknownBridges(block.code, element)),
      [],
    );
  });

  test("sh: the npm scripts, bins, packages and files it names exist", () => {
    assert.deepEqual(
      problemsOf(ofLanguage("sh"), (block) => {
        if (block.preamble === undefined) return shellProblems(block.code, packageContract);
        if (block.preamble === "your app") return shellProblems(block.code, packageContract, "your app");
        return ["the only marker of a sh block is <!-- snippet: your app -->"];
      }),
      [],
    );
  });

  test("css: the custom properties, parts and slots it names exist", () => {
    assert.deepEqual(
      problemsOf(ofLanguage("css"), (block) => cssProblems(block.code, element)),
      [],
    );
  });

  test("json: is JSON, or JSON lines", () => {
    assert.deepEqual(
      problemsOf(ofLanguage("json"), (block) => {
        const texts = isJson(block.code) ? [] : block.code.split("\n").filter((line) => line.trim());
        return texts.filter((text) => !isJson(text)).map((text) => `not JSON: ${text}`);
      }),
      [],
    );
  });
});

describe("the checks of the docs' code blocks", () => {
  const fence = "```";

  test("take the marker above a block: an example file's, or a snippet's preamble", () => {
    const markdown = [
      "<!-- examples/express/server.ts -->",
      `${fence}ts`,
      "x;",
      fence,
      "",
      "<!-- snippet: declare const href: string; -->",
      `${fence}ts`,
      "href;",
      fence,
      "<!-- snippet: not above a block -->",
      "",
      `${fence}sh`,
      "npm test",
      fence,
    ].join("\n");
    assert.deepEqual(codeBlocks("x.md", markdown), [
      { doc: "x.md", line: 2, lang: "ts", code: "x;\n", include: "examples/express/server.ts" },
      { doc: "x.md", line: 7, lang: "ts", code: "href;\n", preamble: "declare const href: string;" },
      { doc: "x.md", line: 12, lang: "sh", code: "npm test\n" },
    ]);
    assert.throws(() => codeBlocks("x.md", `text\n${fence}ts\nx;\n`), /x\.md:2: a code block that is never closed/);
  });

  test("put backend code in Node and page code in the DOM, by what it imports", () => {
    assert.equal(environmentOf('import { createJumioClient } from "jumio-verification/server";'), "node");
    assert.equal(environmentOf('import { readFile } from "node:fs/promises";'), "node");
    assert.equal(environmentOf('import { jumio } from "./jumio.js";'), "node");
    assert.equal(environmentOf('import { verification } from "@/lib/verification";'), "node");
    assert.equal(environmentOf('import "jumio-verification";\nimport { useRef } from "react";'), "browser");
    assert.equal(environmentOf("const x = 1;"), "browser");
  });

  test("name a block's file by its first line, and move tsc's lines back to the docs'", () => {
    const block: CodeBlock = { doc: "docs/server.md", line: 10, lang: "ts", code: "// verification.ts\nx;\n" };
    const file = snippetFile({ ...block, preamble: "declare const a: string;\ndeclare const b: string;" });
    assert.equal(file.path, "verification.ts");
    assert.equal(file.firstLine, 3);
    assert.equal(
      docsDiagnostic("/x/.snippets/node/verification.ts(4,1): error TS2304: Cannot find name 'x'.", [file]),
      "docs/server.md:12:1 error TS2304: Cannot find name 'x'.",
    );
    assert.equal(snippetFile({ ...block, code: "// src/x.d.ts\n" }).path, "src/x.ts");
    assert.equal(snippetFile({ ...block, code: "x;\n" }).path, "docs-server-10.ts");
    const vue = snippetFile({ ...block, lang: "vue", code: '<script setup lang="ts">\nx;\n</script>\n' });
    assert.deepEqual([vue.source, vue.path, vue.firstLine], ["x;\n", "docs-server-10.ts", 0]);
  });

  test("html: refuse what the element does not have, and tags that do not close", () => {
    const problems = (html: string) => htmlProblems(html, element);
    assert.deepEqual(problems('<jumio-verification endpoint="/api" auto-renew></jumio-verification>'), []);
    assert.deepEqual(problems('<jumio-verification hreff="x" onjumio-success="go()"></jumio-verification>'), [
      "<jumio-verification hreff>: the element has no such attribute",
      "<jumio-verification onjumio-success>: the element has no such attribute",
    ]);
    assert.deepEqual(problems('<jumio-verification auto-renew="false" load-timeout="soon"></jumio-verification>'), [
      "<jumio-verification auto-renew>: a boolean attribute is true when present, whatever its value",
      "<jumio-verification load-timeout>: its value must be a number",
    ]);
    assert.deepEqual(problems('<jumio-verification><p slot="loader"></p></jumio-verification>'), [
      'slot="loader": the element has no such slot',
    ]);
    assert.deepEqual(problems("<jumio-verifcation></jumio-verifcation>"), [
      "<jumio-verifcation> is no element of ours",
    ]);
    assert.deepEqual(problems("<jumio-verification />"), [
      "<jumio-verification … /> does not close in HTML",
      "<jumio-verification> is not closed",
    ]);
    assert.deepEqual(problems("<div><p></div>"), ["</div> closes <p>", "<div> is not closed"]);
    assert.deepEqual(problems('<jumio-verification><iframe src="x" allow="camera"></iframe></jumio-verification>'), [
      `the adopted <iframe>'s allow lacks ${IFRAME_ALLOW.replace("camera;", "")}`,
      "the adopted <iframe> has no title",
      "the adopted <iframe> has no allowfullscreen",
    ]);
  });

  test("vue: refuse listeners for events the element does not dispatch, and bindings it does not have", () => {
    const problems = (html: string) => htmlProblems(html, element, "vue");
    assert.deepEqual(problems('<jumio-verification :href="h" :allowedOrigins="o" @jumio-success="f" v-if="x" />'), []);
    assert.deepEqual(problems('<jumio-verification :hreff="h" @jumio-sucess="f" v-on:load="g" />'), [
      "<jumio-verification :hreff>: the element has no such attribute or property",
      "<jumio-verification @jumio-sucess>: the element dispatches no such event",
      "<jumio-verification v-on:load>: the element dispatches no such event",
    ]);
  });

  test('"jumio-…" strings and WebView bridges: refuse names the element does not have', () => {
    assert.deepEqual(unknownEventNames('{"type":"jumio-success"} "jumio-verification"', element), []);
    assert.deepEqual(unknownEventNames('if type == "jumio-succes" {}', element), [
      '"jumio-succes": the element dispatches no such event',
    ]);
    assert.deepEqual(unknownBridges('add(self, name: "jumioVerification"); "JumioVerificationAndroid"', element), []);
    assert.deepEqual(unknownBridges('add(self, name: "jumioVerify")', element), [
      '"jumioVerify": the page posts to no such object',
    ]);
  });

  test("css: refuse custom properties, parts and slots the element does not have", () => {
    assert.deepEqual(cssProblems('jumio-verification > [slot="loading"] { color: red }', element), []);
    assert.deepEqual(
      cssProblems('::part(frame) { --jumio-verification-colour: red } [slot="loader"] { x: 0 }', element),
      [
        "--jumio-verification-colour: the element has no such custom property",
        "frame: the element has no such part",
        "loader: the element has no such slot",
      ],
    );
  });

  test("sh: refuse scripts, bins, packages and files that do not exist", () => {
    assert.deepEqual(
      shellProblems(
        "npm ci && npm start\nnpm test # npm run lint\nnpx jumio-verification-mock --port 5174\nnpm install jumio-verification pg # or x\nnode bench/run.mjs --quick\n",
        packageContract,
      ),
      [],
    );
    assert.deepEqual(
      shellProblems(
        "npm run tset # and npm run lnit\nnpx jumio-mock\nnpm install -D left-pad\nnode --import tsx bench/nope.mjs\n",
        packageContract,
      ),
      [
        "npm run tset: package.json has no such script",
        "npm run lnit: package.json has no such script",
        "npx jumio-mock: the package has no such bin",
        "npm install left-pad: neither this package nor one it depends on",
        "node bench/nope.mjs: no such file",
      ],
    );
    const inYourApp =
      "npm create vite@latest app\nnpm install jumio-verifcation@0.1.0 express\nnpx create-next-app@latest\nnpx jumio-verification-mock@latest\nnpm run dev\n";
    assert.deepEqual(shellProblems(inYourApp, packageContract, "your app"), [
      "npm install jumio-verifcation: neither this package nor one it depends on",
    ]);
  });
});
