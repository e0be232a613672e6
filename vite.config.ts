import MagicString from "magic-string";
import { defineConfig, type Plugin } from "vite";

type Quasi = { start: number; end: number };

/** The text parts of every css`` and html`` template in an ESTree `node`, by tag. */
function templates(node: unknown, found: { tag: string; quasis: Quasi[] }[] = []): { tag: string; quasis: Quasi[] }[] {
  if (typeof node !== "object" || node === null) return found;
  const { type, tag, quasi } = node as { type?: string; tag?: { name?: string }; quasi?: { quasis: Quasi[] } };
  if (type === "TaggedTemplateExpression" && (tag?.name === "css" || tag?.name === "html") && quasi) found.push({ tag: tag.name, quasis: quasi.quasis });
  for (const value of Object.values(node)) templates(value, found);
  return found;
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
 * The script-tag bundle's gzipped size has a budget: the whitespace that formats the css`` and
 * html`` templates of src/ is collapsed (a map keeps the bundle's source map true).
 */
const collapseTemplates: Plugin = {
  name: "collapse-templates",
  transform(code, id) {
    if (!/\/src\/[^/]+\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
    const source = new MagicString(code);
    for (const { tag, quasis } of templates(this.parse(code))) {
      quasis.forEach(({ start, end }, index) => {
        const text = code.slice(start, end);
        let collapsed = tag === "css" ? collapseCss(text) : collapseHtml(text);
        // The template's two ends: no space before its first part or after its last.
        if (index === 0) collapsed = collapsed.trimStart();
        if (index === quasis.length - 1) collapsed = collapsed.trimEnd();
        if (collapsed !== text) source.overwrite(start, end, collapsed);
      });
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
