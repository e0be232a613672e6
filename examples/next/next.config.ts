import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // create-next-app's defaults.
  cacheComponents: true,
  partialPrefetching: true,
  turbopack: {
    rules: {
      // The element's script-tag bundle, imported for its URL (app/verify/page.tsx).
      "jumio-verification.min.js": { type: "asset" },
    },
  },
};

export default nextConfig;
