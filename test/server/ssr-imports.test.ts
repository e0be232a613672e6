import assert from "node:assert/strict";
import { test } from "node:test";

// The browser entries must import in Node (server-side rendering) without a DOM. They are
// tested as built, as consumers import them: `npm test` builds before it runs this.
const built = (entry: string, query = "") => new URL(`../../dist/${entry}.js${query}`, import.meta.url).href;

for (const entry of ["index", "element", "fetcher", "react"]) {
  test(`importing dist/${entry}.js in Node without a DOM does not throw`, async () => {
    const module: Record<string, unknown> = await import(built(entry));
    assert.ok(Object.keys(module).length > 0);
  });
}

test("evaluating the entry a second time (another copy of the package) does not throw", async () => {
  await import(built("index"));
  await import(built("index", "?another-copy"));
});
