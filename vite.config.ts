import { defineConfig, type Plugin } from "vite";

/**
 * Collapses the whitespace of the css`` styles (the script-tag bundle's gzipped size has a
 * budget): runs to one space, none around `{`, `}`, `;` and `,`, none after `:`, no `;` before `}`.
 * Spaces elsewhere stay (one can be a descendant combinator); the styles hold no quoted text
 * that this would change.
 */
const collapseStyles: Plugin = {
  name: "collapse-styles",
  transform(code, id) {
    if (!id.endsWith(".styles.ts")) return null;
    const collapse = (text: string) => text.replace(/\s+/g, " ").replace(/ ?([{};,]) ?/g, "$1").replace(/: /g, ":").replaceAll(";}", "}").trim();
    return { code: code.replace(/css`([^`]*)`/g, (_, text: string) => `css\`${collapse(text)}\``), map: null };
  },
};

/** The quasis (text parts) of every html`` template in an ESTree `node`, in source order. */
function htmlQuasis(node: unknown, found: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (typeof node !== "object" || node === null) return found;
  const { type, tag, quasi } = node as { type?: string; tag?: { name?: string }; quasi?: { quasis: { start: number; end: number }[] } };
  if (type === "TaggedTemplateExpression" && tag?.name === "html" && quasi) found.push(...quasi.quasis);
  for (const value of Object.values(node)) htmlQuasis(value, found);
  return found;
}

/**
 * Drops the runs of a newline and indentation in the text of html`` templates: whitespace
 * text nodes in the shadow root, and bytes in the bundle. A space within a line stays.
 */
const collapseTemplates: Plugin = {
  name: "collapse-templates",
  transform(code, id) {
    if (!id.endsWith("-element.ts")) return null;
    let result = code;
    for (const { start, end } of htmlQuasis(this.parse(code)).sort((a, b) => b.start - a.start)) {
      result = result.slice(0, start) + result.slice(start, end).replace(/\n\s*/g, "") + result.slice(end);
    }
    return { code: result, map: null };
  },
};

/** The script-tag build: one classic-script IIFE with lit and zod inside. */
export default defineConfig({
  plugins: [collapseStyles, collapseTemplates],
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
