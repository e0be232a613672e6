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

/** The script-tag build: one classic-script IIFE with lit and zod inside. */
export default defineConfig({
  plugins: [collapseStyles],
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
