import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// https://vite.dev/config/
export default defineConfig({
  plugins: [react()],
  server: {
    // The element's endpoint must be on the page's origin: the dev server and vite preview pass /api to server.ts.
    proxy: {
      // changeOrigin: false keeps the page's Host, which the service checks the request's Origin against.
      "/api": { target: `http://localhost:${process.env.PORT ?? 3000}`, changeOrigin: false },
    },
  },
});
