import MagicString from "magic-string";
import { defineConfig, type Plugin } from "vite";

interface Span {
  start: number;
  end: number;
}
interface TaggedTemplate extends Span {
  type: "TaggedTemplateExpression";
  tag: Span & { name?: string };
  quasi: Span & { quasis: Span[] };
}
interface Import {
  type: "ImportDeclaration";
  source: { value: string };
  specifiers: (Span & { imported?: { name?: string } })[];
}

/** Every ESTree node below `node`, depth first. */
function* nodes(node: unknown): Generator<{ type?: string }> {
  if (typeof node !== "object" || node === null) return;
  if ("type" in node) yield node;
  for (const value of Object.values(node)) yield* nodes(value);
}

/**
 * css``: runs of whitespace to one space, none around `{`, `}`, `;` and `,`, none after `:`, no
 * `;` before `}`. Spaces elsewhere stay (one can be a descendant combinator); the styles hold
 * no quoted text that this would change.
 */
const collapseCss = (text: string) => text.replace(/\s+/g, " ").replace(/ ?([{};,]) ?/g, "$1").replace(/: /g, ":").replaceAll(";}", "}");

/**
 * html``: a run of whitespace that holds a line break becomes one space (as the browser would
 * render it), none between a tag's end and the next tag's start. Text within a line stays as
 * written; templates with <pre> or <textarea> do not belong here.
 */
const collapseHtml = (text: string) => text.replace(/\s*\n\s*/g, " ").replaceAll("> <", "><");

/**
 * The script-tag bundle's gzipped size has a budget. In the css`` and html`` templates of src/,
 * the whitespace that formats them is collapsed. And a module whose css`` templates have no
 * interpolation gets lit's `unsafeCSS` for `css`: the tag checks at run time that each
 * interpolation is itself css``; without any there is nothing to check, and `unsafeCSS`
 * makes the same CSSResult of the same literal text without that code (about 100 B
 * gzipped). A map keeps the bundle's source map true.
 */
const collapseTemplates: Plugin = {
  name: "collapse-templates",
  transform(code, id) {
    if (!/\/src\/[^/]+\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
    const source = new MagicString(code);
    const all = [...nodes(this.parse(code))];
    const templates = all.filter((node): node is TaggedTemplate => node.type === "TaggedTemplateExpression");
    for (const { tag, quasi } of templates) {
      if (tag.name !== "css" && tag.name !== "html") continue;
      quasi.quasis.forEach(({ start, end }, index) => {
        const text = code.slice(start, end);
        let collapsed = tag.name === "css" ? collapseCss(text) : collapseHtml(text);
        // The template's two ends: no space before its first part or after its last.
        if (index === 0) collapsed = collapsed.trimStart();
        if (index === quasi.quasis.length - 1) collapsed = collapsed.trimEnd();
        if (collapsed !== text) source.overwrite(start, end, collapsed);
      });
    }
    const styles = templates.filter(({ tag }) => tag.name === "css");
    const lit = all.find((node): node is Import => node.type === "ImportDeclaration" && (node as Import).source.value === "lit");
    const cssImport = lit?.specifiers.find((specifier) => specifier.imported?.name === "css");
    if (cssImport && styles.length > 0 && styles.every(({ quasi }) => quasi.quasis.length === 1)) {
      source.overwrite(cssImport.start, cssImport.end, "unsafeCSS as css");
      for (const { quasi } of styles) source.appendLeft(quasi.start, "(").appendLeft(quasi.end, ")");
    }
    return source.hasChanged() ? { code: source.toString(), map: source.generateMap({ hires: true }) } : null;
  },
};

/** The script-tag build: one classic-script IIFE with lit and zod inside. */
export default defineConfig({
  plugins: [collapseTemplates],
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2022",
    minify: true,
    // The map is published beside the bundle, not named in it: a sourceMappingURL comment would
    // count against the bundle's size budget.
    sourcemap: "hidden",
    rollupOptions: {
      input: "src/browser-global.ts",
      // V8's compile hint: compile every function eagerly (and off the main thread) rather than
      // lazily on its first call, most of which happen at once when the element first renders.
      output: { format: "iife", entryFileNames: "jumio-verification.min.js", postBanner: "//# allFunctionsCalledOnLoad" },
    },
  },
});
