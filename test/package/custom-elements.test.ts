import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

// custom-elements.json is what IDEs, Storybook and type tools read: it must name the tag and
// declare the public contract of shared/spec/public-api.md (events, attributes, slots). More may
// be declared; none of these may go missing. `npm run build` writes it.
const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

interface Named {
  name: string;
  description?: string;
  type?: { text: string };
  fieldName?: string;
}
interface Declaration extends Named {
  kind: string;
  customElement?: boolean;
  tagName?: string;
  events?: Named[];
  attributes?: Named[];
  slots?: Named[];
  cssParts?: Named[];
}
interface Module {
  kind: string;
  path: string;
  declarations?: Declaration[];
  exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
}

const manifest = JSON.parse(read("custom-elements.json")) as { schemaVersion: string; modules: Module[] };
const elements = manifest.modules.flatMap((module) =>
  (module.declarations ?? []).filter((declaration) => declaration.customElement),
);
const element = elements.find((declaration) => declaration.name === "JumioVerificationElement");
const names = (items: Named[] | undefined) => (items ?? []).map((item) => item.name);
const missing = (expected: string[], actual: string[]) => expected.filter((name) => !actual.includes(name));

test("package.json points at custom-elements.json and publishes it", () => {
  const pkg = JSON.parse(read("package.json")) as { customElements?: string; files?: string[] };
  assert.equal(pkg.customElements, "custom-elements.json");
  assert.ok(pkg.files?.includes("custom-elements.json"), "files must include custom-elements.json");
  assert.match(manifest.schemaVersion, /^\d+\.\d+\.\d+$/);
});

test("the element's declaration names the tag jumio-verification", () => {
  assert.ok(element, "no custom element declaration named JumioVerificationElement");
  assert.equal(element.tagName, "jumio-verification");
  assert.deepEqual(
    elements.map((declaration) => declaration.tagName),
    ["jumio-verification"],
    "exactly one custom element, with a tag",
  );
});

test("a module exports the definition, and it is the module that defines the tag", async () => {
  const definitions = manifest.modules.flatMap((module) =>
    (module.exports ?? [])
      .filter((item) => item.kind === "custom-element-definition")
      .map((item) => ({ module, item })),
  );
  assert.equal(definitions.length, 1, "one custom-element-definition export");
  assert.ok(definitions[0]);
  const { module, item } = definitions[0];
  assert.equal(item.name, "jumio-verification");
  assert.equal(item.declaration.name, "JumioVerificationElement");
  const declaring = manifest.modules.find((candidate) => candidate.path === item.declaration.module);
  assert.ok(
    declaring?.declarations?.some((declaration) => declaration.name === item.declaration.name),
    `the definition points at ${item.declaration.module}, which declares no ${item.declaration.name}`,
  );
  // What the `.` entry really defines (it calls the class's static define(), whose default
  // argument is the tag), seen through a registry of our own: the built entry, as published.
  const defined: [string, string][] = [];
  const registry = {
    get: () => undefined,
    define: (tag: string, element: { name: string }) => void defined.push([tag, element.name]),
  };
  Object.defineProperty(globalThis, "customElements", { value: registry, configurable: true });
  const entry = module.path.replace(/^src\//, "dist/").replace(/\.ts$/, ".js");
  await import(new URL(entry, root).href);
  assert.deepEqual(defined, [["jumio-verification", "JumioVerificationElement"]], `what ${entry} defines`);
});

test("the events of the public API are declared with their classes", () => {
  assert.ok(element);
  const events = new Map((element.events ?? []).map((event) => [event.name, event]));
  const expected: Record<string, string> = {
    "jumio-message": "JumioMessageEvent",
    "jumio-loaded": "JumioLoadedEvent",
    "jumio-success": "JumioSuccessEvent",
    "jumio-error": "JumioErrorEvent",
    "jumio-state-change": "JumioStateChangeEvent",
  };
  assert.deepEqual(missing(Object.keys(expected), [...events.keys()]), [], "events missing from the manifest");
  for (const [name, type] of Object.entries(expected)) {
    assert.equal(events.get(name)?.type?.text, type, `${name}'s type`);
    assert.ok(events.get(name)?.description, `${name} has a description`);
  }
});

test("the attributes of the public API are declared, each with its property", () => {
  assert.ok(element);
  const attributes = new Map((element.attributes ?? []).map((attribute) => [attribute.name, attribute]));
  const properties: Record<string, string> = {
    href: "href",
    endpoint: "endpoint",
    "fetch-timeout": "fetchTimeout",
    "allowed-origins": "allowedOrigins",
    size: "size",
    label: "label",
    "auto-renew": "autoRenew",
    "load-timeout": "loadTimeout",
  };
  const reflectedOnly = ["state", "size-class"]; // read-only, reflected by the element
  assert.deepEqual(
    missing([...Object.keys(properties), ...reflectedOnly], [...attributes.keys()]),
    [],
    "attributes missing from the manifest",
  );
  for (const [attribute, property] of Object.entries(properties)) {
    assert.equal(attributes.get(attribute)?.fieldName, property, `attribute ${attribute}'s property`);
  }
  for (const attribute of [...attributes.values()])
    assert.ok(attribute.description, `attribute ${attribute.name} has a description`);
  assert.ok(!attributes.has("request-init"), "requestInit has no attribute");
});

test("the slots and the iframe part of the public API are declared", () => {
  assert.ok(element);
  assert.deepEqual(missing(["loading", "error"], names(element.slots)), [], "slots missing from the manifest");
  assert.deepEqual(missing(["iframe"], names(element.cssParts)), [], "parts missing from the manifest");
});
