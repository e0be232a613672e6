import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

// https://vite.dev/config/
export default defineConfig({
  // jumio-verification is a custom element, not a Vue component: Vue leaves it to the browser.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === "jumio-verification" } } })],
  server: {
    // The element's endpoint must be on the page's origin: the dev server and vite preview pass /api to server.ts.
    proxy: {
      // changeOrigin: false keeps the page's Host, which the service checks the request's Origin against.
      "/api": { target: `http://localhost:${process.env.PORT ?? 3000}`, changeOrigin: false },
    },
  },
});
