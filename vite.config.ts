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
  specifiers: (Span & { imported?: { name?: string }; local?: { name?: string } })[];
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
 * render it), or none between a tag's end and the next tag's start. Whitespace within a line
 * stays as written; templates with <pre> or <textarea> do not belong here.
 */
const collapseHtml = (text: string) => text.replace(/>\s*\n\s*</g, "><").replace(/\s*\n\s*/g, " ");

/**
 * The script-tag bundle's gzipped size has a budget. In the css`` and html`` templates of src/,
 * the whitespace that formats them is collapsed. And a module whose css`` templates have no
 * interpolation gets lit's `unsafeCSS` for `css`: the tag checks at run time that each
 * interpolation is itself css``; without any there is nothing to check, and `unsafeCSS`
 * makes a CSSResult of the same literal text without that code (about 100 B gzipped; the
 * stylesheet is cached per result, not per template, which is the same for a module-level
 * constant). A map keeps the bundle's source map true.
 */
const collapseTemplates: Plugin = {
  name: "collapse-templates",
  transform(code, id) {
    if (!/\/src\/[^/]+\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
    const source = new MagicString(code);
    const all = [...nodes(this.parse(code))];
    const templates = all.filter((node): node is TaggedTemplate => node.type === "TaggedTemplateExpression");
    // css`` only in the styles modules, which hold no quoted text that collapsing would change.
    const styles = id.endsWith(".styles.ts") ? templates.filter(({ tag }) => tag.name === "css") : [];
    for (const { tag, quasi } of [...styles, ...templates.filter(({ tag }) => tag.name === "html")]) {
      quasi.quasis.forEach(({ start, end }, index) => {
        const text = code.slice(start, end);
        // The template's two ends: nothing before its first part or after its last in css, no
        // line break in html.
        const ends = tag.name === "css" ? [/^\s+/, /\s+$/] : [/^\s*\n\s*/, /\s*\n\s*$/];
        let trimmed = text;
        if (index === 0) trimmed = trimmed.replace(ends[0]!, "");
        if (index === quasi.quasis.length - 1) trimmed = trimmed.replace(ends[1]!, "");
        const collapsed = tag.name === "css" ? collapseCss(trimmed) : collapseHtml(trimmed);
        if (collapsed !== text) source.overwrite(start, end, collapsed);
      });
    }
    const lit = all.find((node): node is Import => node.type === "ImportDeclaration" && (node as Import).source.value === "lit");
    const cssImport = lit?.specifiers.find((specifier) => specifier.imported?.name === "css" && specifier.local?.name === "css");
    // Every `css` of the module besides the import is one of these tags: no other binding or use.
    const uses = all.filter((node) => {
      const { name, start } = node as Span & { name?: string };
      return node.type === "Identifier" && name === "css" && !(cssImport && start >= cssImport.start && start < cssImport.end);
    });
    if (cssImport && styles.length > 0 && uses.length === styles.length && styles.every(({ quasi }) => quasi.quasis.length === 1)) {
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
