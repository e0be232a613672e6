// Builds the ESM entries with their .d.ts (tsc), the script-tag bundle (vite) and
// custom-elements.json (the analyzer, from the element's JSDoc).
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
const run = (command, ...args) => execFileSync(command, args, { stdio: "inherit" });
run("npx", "tsc", "-p", "tsconfig.build.json");
copyFileSync("src/jsx.d.ts", "dist/jsx.d.ts"); // hand-written: tsc does not emit .d.ts inputs
run("npx", "vite", "build", "--logLevel", "warn");
run("npx", "cem", "analyze", "--quiet");
