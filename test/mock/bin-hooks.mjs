// Lets the tests run bin/jumio-verification-mock.js without a build: its imports of
// ../dist/mock/*.js are resolved to ../src/mock/*.ts (loaded by tsx, registered before).
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (context.parentURL?.endsWith("/bin/jumio-verification-mock.js") && specifier.startsWith("../dist/mock/")) {
        return next(specifier.replace("../dist/mock/", "../src/mock/").replace(/\\.js$/, ".ts"), context);
      }
      return next(specifier, context);
    }
  `)}`,
);
