import { defineConfig } from "vite";

/** The script-tag build: one classic-script IIFE with lit and zod inside. */
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2022",
    minify: true,
    sourcemap: true,
    rollupOptions: {
      input: "src/browser-global.ts",
      output: { format: "iife", entryFileNames: "jumio-verification.min.js" },
    },
  },
});
