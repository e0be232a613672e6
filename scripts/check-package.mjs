// The package as npm would publish it: custom-elements.json declares the element's contract
// (test/package/, node:test), and the packed tarball passes publint and Are the Types Wrong.
// Needs dist/ (`npm run build`; `npm test` builds it). Exits non-zero when any check fails.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

if (!existsSync("dist/index.js")) {
  console.error("check:package: dist/ is missing; run `npm run build` first.");
  process.exit(1);
}

const bin = (name) => join("node_modules", ".bin", name);
const failed = [];
const step = (name, command, args) => {
  console.log(`\ncheck:package: ${name}`);
  const { status, error } = spawnSync(command, args, { stdio: "inherit" });
  if (status !== 0) failed.push(`${name}${error ? ` (${error.message})` : ""}`);
};

// The spec reporter: .ci/run counts this whole script as one check, not each test in it.
step("custom-elements.json", process.execPath, [
  "--import",
  "tsx",
  "--test",
  "--test-reporter=spec",
  "test/package/custom-elements.test.ts",
]);

const directory = mkdtempSync(join(tmpdir(), "jumio-verification-pack-"));
try {
  step("npm pack", "npm", ["pack", "--pack-destination", directory, "--silent"]);
  const tarball = readdirSync(directory).find((name) => name.endsWith(".tgz"));
  if (tarball) {
    const path = join(directory, tarball);
    // --strict: publint's warnings fail too (its suggestions are printed only).
    step("publint", bin("publint"), ["run", path, "--strict"]);
    // esm-only: the package is "type": "module" and its exports have no "require" condition,
    // so attw's node10 and node16-from-CJS resolutions (CommonJS consumers) are out of scope;
    // it still checks node16 from ESM and bundler. The script-tag bundle is a classic script
    // that exports nothing (it sets window.JumioVerification): no module types to find there.
    step("attw", bin("attw"), [path, "--profile", "esm-only", "--exclude-entrypoints", "./jumio-verification.min.js"]);
  } else {
    failed.push("npm pack (no tarball)");
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

if (failed.length > 0) {
  console.error(`\ncheck:package: failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\ncheck:package: custom-elements.json, publint and attw found nothing");
