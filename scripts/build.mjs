// Builds the ESM entries with their .d.ts (tsc) and the script-tag bundle (vite).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
const run = (command, ...args) => execFileSync(command, args, { stdio: "inherit" });
run("npx", "tsc", "-p", "tsconfig.build.json");
run("npx", "vite", "build", "--logLevel", "warn");
