// What a scaffolder's app asks for, against what its frameworks/ package pins: the app a test
// makes resolves the package's node_modules, so each range the scaffolder wrote must hold there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "@playwright/test";

type Manifest = Partial<Record<"dependencies" | "devDependencies", Record<string, string>>>;
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/** Whether `version` is in `range`: `x.y.z`, `^x.y.z`, `~x.y.z` or `^x`, the only ones create-vite's and create-next-app's templates use. */
export function satisfies(version: string, range: string): boolean {
  const [, operator = "", low] = /^([~^]?)(\d+(?:\.\d+\.\d+)?)$/.exec(range) ?? [];
  if (!low) throw new Error(`Not a version, ^ or ~ range: ${range}`);
  if (!operator) return version === low;
  const [have, want] = [version, low.includes(".") ? low : `${low}.0.0`].map((v) => v.split(".").map(Number)) as [
    number[],
    number[],
  ];
  const fixed = operator === "~" || want[0] === 0 ? 2 : 1;
  if (have.slice(0, fixed).join(".") !== want.slice(0, fixed).join(".")) return false;
  return (have.map((part, index) => part - want[index]!).find((difference) => difference !== 0) ?? 0) >= 0;
}

/** Expects every dependency of the app at `app` to be pinned, within its range, in the package at `pinned`. */
export function expectPinned(app: string, pinned: string): void {
  const [wanted, have] = [manifest(app), manifest(pinned)];
  for (const kind of ["dependencies", "devDependencies"] as const) {
    for (const [name, range] of Object.entries(wanted[kind] ?? {})) {
      expect(satisfies(have[kind]?.[name] ?? "missing", range), `${name}@${range} pinned`).toBe(true);
    }
  }
}
