import { defineConfig } from "vite";

/** The script-tag build: one classic-script IIFE with lit and zod inside. */
export default defineConfig({
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
      output: {
        format: "iife",
        entryFileNames: "jumio-verification.min.js",
        postBanner: "//# allFunctionsCalledOnLoad",
      },
    },
  },
});
