// The code blocks of the README and docs/, and the checks of the ones that are not TypeScript.
// Pure: the test reads the files and hands the contracts in.

export interface CodeBlock {
  /** The markdown file, relative to the repository: `docs/server.md`. */
  doc: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  /** The fence's language, `""` when untagged. */
  lang: string;
  /** The block's text, each line ending in `\n`. */
  code: string;
  /** `examples/x.ts` of an `<!-- examples/x.ts -->` line above it: the file it must equal. */
  include?: string;
  /** The TypeScript of a `<!-- snippet: … -->` comment above it: what the block assumes. */
  preamble?: string;
}

/** Every fenced block of `markdown`, with the marker comment that ends on the line above it. */
export function codeBlocks(doc: string, markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let open = 0; open < lines.length; open++) {
    const fence = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[open]!);
    if (!fence) continue;
    const close = lines.findIndex((line, index) => index > open && line.trim() === fence[1]);
    if (close < 0) throw new Error(`${doc}:${open + 1}: a code block that is never closed`);
    const block: CodeBlock = {
      doc,
      line: open + 1,
      lang: fence[2]!,
      code: lines
        .slice(open + 1, close)
        .map((line) => `${line}\n`)
        .join(""),
    };
    const comment = markerAbove(lines, open);
    const include = /^<!-- (examples\/[\w./-]+) -->$/.exec(comment)?.[1];
    const preamble = /^<!-- snippet:([\s\S]*)-->$/.exec(comment)?.[1]?.trim();
    if (include) block.include = include;
    if (preamble) block.preamble = preamble;
    blocks.push(block);
    open = close;
  }
  return blocks;
}

/** The HTML comment whose last line is the one above line `index`, or `""`. */
function markerAbove(lines: readonly string[], index: number): string {
  if (!lines[index - 1]?.endsWith("-->")) return "";
  for (let start = index - 1; start >= 0; start--) {
    if (lines[start]!.startsWith("<!--")) return lines.slice(start, index).join("\n");
  }
  return "";
}

export type Environment = "browser" | "node";

// Backend code: Node's modules, the server and mock entries, a server framework or tool, or a
// module of the reader's own backend (a relative path, Next.js's `@/` alias).
const NODE_IMPORT = /^(node:|jumio-verification\/(server|mock)$|express$|hono$|vite$|@vitejs\/|@\/|\.\.?\/)/;

/** The module specifiers `source` imports, statically or not. */
export function importsOf(source: string): string[] {
  const specifiers = source.matchAll(/(?:\bfrom|^import|\bimport\s*\()\s*["']([^"']+)["']/gm);
  return [...specifiers].map((match) => match[1]!);
}

/** Node for backend code, decided by what it imports; the browser's DOM for the rest. */
export function environmentOf(source: string): Environment {
  return importsOf(source).some((specifier) => NODE_IMPORT.test(specifier)) ? "node" : "browser";
}

/** One TypeScript (or JavaScript) file to check, made of a block: its preamble, then the block. */
export interface SnippetFile {
  block: CodeBlock;
  environment: Environment;
  /** Where it is written, relative to its environment's folder. */
  path: string;
  source: string;
  /** The file's line of the block's first line, 1-based. */
  firstLine: number;
}

const EXTENSIONS: Readonly<Record<string, string>> = { ts: "ts", tsx: "tsx", js: "js" };

/**
 * The block as a file. A first line `// name.ts` names it (other blocks import it as
 * `./name.js`); a declaration file is checked as a `.ts`, since `skipLibCheck` skips `.d.ts`.
 * A `.vue` block's `<script setup lang="ts">` is the file.
 */
export function snippetFile(block: CodeBlock): SnippetFile {
  let code = block.code;
  let offset = 0;
  let extension = EXTENSIONS[block.lang];
  if (block.lang === "vue") {
    const script = /(<script setup lang="ts">\n)([\s\S]*?)<\/script>/.exec(code);
    if (!script) throw new Error(`${block.doc}:${block.line}: a vue block without <script setup lang="ts">`);
    offset = lineCount(code.slice(0, script.index + script[1]!.length));
    code = script[2]!;
    extension = "ts";
  }
  if (!extension) throw new Error(`${block.doc}:${block.line}: not a TypeScript block: ${block.lang}`);
  const named = /^\/\/ ((?:[\w-]+\/)*[\w.-]+\.(?:ts|tsx|js))\n/.exec(code)?.[1]?.replace(/\.d\.ts$/, ".ts");
  const preamble = block.preamble ? `${block.preamble}\n` : "";
  return {
    block,
    environment: environmentOf(preamble + code),
    path: named ?? `${block.doc.replace(/\.md$/, "").replaceAll("/", "-")}-${block.line}.${extension}`,
    source: preamble + code,
    firstLine: lineCount(preamble) + 1 - offset,
  };
}

const lineCount = (text: string): number => text.split("\n").length - 1;

/** A TypeScript diagnostic of `tsc --pretty false`, moved to the markdown line it is about. */
export function docsDiagnostic(output: string, files: readonly SnippetFile[]): string {
  const at = /^(.+?)\((\d+),(\d+)\): (.*)$/s.exec(output);
  const file = at && files.find((candidate) => at[1]!.endsWith(`/${candidate.path}`));
  if (!at || !file) return output;
  const line = file.block.line + Number(at[2]) - file.firstLine + 1;
  return `${file.block.doc}:${line}:${at[3]} ${at[4]}`;
}

/** What the element defines, read from its sources, for the checks of markup and styles. */
export interface ElementContract {
  tag: string;
  /** Each writable attribute, with the type of its value. */
  attributes: ReadonlyMap<string, "string" | "number" | "boolean">;
  /** The properties of the same options, camel-cased (`allowedOrigins`, `requestInit`). */
  properties: ReadonlySet<string>;
  events: ReadonlySet<string>;
  slots: ReadonlySet<string>;
  parts: ReadonlySet<string>;
  customProperties: ReadonlySet<string>;
  /** The features of the iframe's `allow`. */
  allow: readonly string[];
  /** The objects the page posts its events to in a native app's WebView. */
  bridges: ReadonlySet<string>;
}

// Attributes every element has, which the element does not define.
const GLOBAL_ATTRIBUTES = new Set(["id", "class", "hidden", "slot", "lang", "dir", "style", "title"]);
// What Vue's templates write that is no attribute of the element.
const VUE_DIRECTIVES = /^(v-(if|else-if|else|show|for|model)|key|ref)$/;
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"]);
const TAG =
  /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

interface Tag {
  name: string;
  attributes: Map<string, string | undefined>;
}

/**
 * What is wrong with a block of HTML (or a Vue template): tags that do not close, attributes,
 * bindings and listeners the element does not have, slots it does not have, an adopted iframe
 * without the guide's `allow` and `allowfullscreen`.
 */
export function htmlProblems(html: string, contract: ElementContract, dialect: "html" | "vue" = "html"): string[] {
  const problems: string[] = [];
  const open: Tag[] = [];
  for (const [token, closing, name, attributeText = "", selfClosing] of html.matchAll(TAG)) {
    if (token.startsWith("<!--")) continue;
    if (closing) {
      const top = open.pop();
      if (top?.name !== closing.toLowerCase())
        problems.push(`</${closing}> closes ${top ? `<${top.name}>` : "nothing"}`);
      continue;
    }
    const tag: Tag = { name: name!.toLowerCase(), attributes: new Map() };
    for (const [, attribute, ...values] of attributeText.matchAll(ATTRIBUTE)) {
      tag.attributes.set(
        attribute!,
        values.find((value) => value !== undefined),
      );
    }
    const parent = open.at(-1);
    problems.push(...tagProblems(tag, parent, contract, dialect));
    if (VOID_ELEMENTS.has(tag.name)) continue;
    if (selfClosing && dialect === "html") problems.push(`<${tag.name} … /> does not close in HTML`);
    if (!selfClosing || dialect === "html") open.push(tag);
  }
  for (const tag of open) problems.push(`<${tag.name}> is not closed`);
  return problems;
}

function tagProblems(tag: Tag, parent: Tag | undefined, contract: ElementContract, dialect: "html" | "vue"): string[] {
  const problems: string[] = [];
  if (tag.name.startsWith("jumio-") && tag.name !== contract.tag) problems.push(`<${tag.name}> is no element of ours`);
  const slot = tag.attributes.get("slot");
  if (parent?.name === contract.tag && slot !== undefined && !contract.slots.has(slot)) {
    problems.push(`slot="${slot}": the element has no such slot`);
  }
  if (parent?.name === contract.tag && tag.name === "iframe") problems.push(...adoptedFrameProblems(tag, contract));
  if (tag.name !== contract.tag) return problems;
  for (const [attribute, value] of tag.attributes) {
    const problem =
      dialect === "vue"
        ? vueAttributeProblem(attribute, value, contract)
        : attributeProblem(attribute, value, contract);
    if (problem) problems.push(`<${contract.tag} ${attribute}>: ${problem}`);
  }
  return problems;
}

function attributeProblem(attribute: string, value: string | undefined, contract: ElementContract): string | undefined {
  const type = contract.attributes.get(attribute);
  if (!type) return GLOBAL_ATTRIBUTES.has(attribute) ? undefined : "the element has no such attribute";
  if (type === "boolean" && value !== undefined && value !== "" && value !== attribute) {
    return "a boolean attribute is true when present, whatever its value";
  }
  if (type === "number" && !/^\d+$/.test(value ?? "")) return "its value must be a number";
  return undefined;
}

function vueAttributeProblem(
  attribute: string,
  value: string | undefined,
  contract: ElementContract,
): string | undefined {
  const listener = /^(?:@|v-on:)([\w-]+)/.exec(attribute)?.[1];
  if (listener) return contract.events.has(listener) ? undefined : "the element dispatches no such event";
  const bound = /^(?::|v-bind:)([\w-]+)/.exec(attribute)?.[1];
  if (bound) {
    const known = contract.attributes.has(bound) || contract.properties.has(bound) || GLOBAL_ATTRIBUTES.has(bound);
    return known ? undefined : "the element has no such attribute or property";
  }
  return VUE_DIRECTIVES.test(attribute) ? undefined : attributeProblem(attribute, value, contract);
}

function adoptedFrameProblems(frame: Tag, contract: ElementContract): string[] {
  const allow = frame.attributes.get("allow")?.split(";") ?? [];
  const missing = contract.allow.filter((feature) => !allow.includes(feature));
  return [
    ...(missing.length > 0 ? [`the adopted <iframe>'s allow lacks ${missing.join(";")}`] : []),
    ...["src", "title", "allowfullscreen"]
      .filter((attribute) => !frame.attributes.has(attribute))
      .map((attribute) => `the adopted <iframe> has no ${attribute}`),
  ];
}

/** A double-quoted `"jumio-…"` string that is not the tag, a package entry or an event the element dispatches. */
export function unknownEventNames(code: string, contract: ElementContract): string[] {
  const names = [...code.matchAll(/"(jumio-[a-z-]+)"/g)].map((match) => match[1]!);
  return names
    .filter((name) => name !== contract.tag && !contract.events.has(name))
    .map((name) => `"${name}": the element dispatches no such event`);
}

/** What a WebView's app code names: each `"jumio…"` / `"Jumio…"` identifier must be one of the bridges. */
export function unknownBridges(code: string, contract: ElementContract): string[] {
  const names = [...code.matchAll(/"([jJ]umio[A-Za-z]*)"/g)].map((match) => match[1]!);
  return names
    .filter((name) => !contract.bridges.has(name))
    .map((name) => `"${name}": the page posts to no such object`);
}

/** What a stylesheet names of the element: custom properties, parts and slots. */
export function cssProblems(css: string, contract: ElementContract): string[] {
  const named = (pattern: RegExp, known: ReadonlySet<string>, what: string) =>
    [...css.matchAll(pattern)]
      .map((match) => match[1]!)
      .filter((name) => !known.has(name))
      .map((name) => `${name}: the element has no such ${what}`);
  return [
    ...named(/(--jumio-[\w-]+)/g, contract.customProperties, "custom property"),
    ...named(/::part\(([\w-]+)\)/g, contract.parts, "part"),
    ...named(/\[slot="?([\w-]+)"?\]/g, contract.slots, "slot"),
  ];
}

/** What a shell block's commands need of the package: its manifest and its files. */
export interface PackageContract {
  name: string;
  scripts: Readonly<Record<string, string>>;
  bin: Readonly<Record<string, string>>;
  /** What a user installs beside the package: its dependencies and peer dependencies. */
  installable: ReadonlySet<string>;
  exists(path: string): boolean;
}

/** Where a shell block runs: this repository (the default), or the reader's own app. */
export type ShellPlace = "this repository" | "your app";

const OURS = /^jumio-/;
/** A package or bin named on a command line, without its `@version`. */
const bare = (word: string) => word.replace(/(?<=.)@.*$/, "");

/**
 * What is wrong with a shell block: an `npm run` script (in a comment too), `npm test` or
 * `npm start` that package.json lacks, an `npx jumio-…` bin it does not have, an `npm install`
 * of a package that is neither this one nor one it depends on, a `node` script that is not
 * there. In your app, only the names of ours (`jumio-…`) are checked.
 */
export function shellProblems(
  code: string,
  contract: PackageContract,
  place: ShellPlace = "this repository",
): string[] {
  const problems: string[] = [];
  const here = place === "this repository";
  for (const [, run, shorthand] of code.matchAll(/\bnpm (?:run ([\w:.-]*\w)|(test|start)\b)/g)) {
    const script = (run ?? shorthand)!;
    if (here && !(script in contract.scripts)) problems.push(`npm run ${script}: package.json has no such script`);
  }
  for (const [, bin] of code.matchAll(/\bnpx ([\w@/.-]*\w)/g)) {
    const file = contract.bin[bare(bin!)];
    if (OURS.test(bin!) && !(file && contract.exists(file))) problems.push(`npx ${bin}: the package has no such bin`);
  }
  for (const line of code.split("\n").map((text) => text.replace(/#.*/, ""))) {
    for (const [, list] of line.matchAll(/\bnpm (?:install|i|add) ([^&|;]+)/g)) {
      const names = list!.split(/\s+/).filter((word) => /^[^-./]/.test(word) && !word.endsWith(".tgz"));
      for (const name of names.map(bare).filter((name) => here || OURS.test(name))) {
        if (name !== contract.name && !contract.installable.has(name)) {
          problems.push(`npm install ${name}: neither this package nor one it depends on`);
        }
      }
    }
    for (const [, words] of line.matchAll(/\bnode ([^&|;]+)/g)) {
      const file = words!.split(/\s+/).find((word) => /^[^-].*\.[mc]?[jt]s$/.test(word));
      if (here && file && !contract.exists(file)) problems.push(`node ${file}: no such file`);
    }
  }
  return problems;
}
