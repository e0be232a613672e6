/** `custom-elements.json` for IDEs, Storybook and type tools: `npm run build` regenerates it. */
import { readFileSync } from "node:fs";

/** The element's class and the tag that the `.` entry defines it under. */
const ELEMENT = { className: "JumioVerificationElement", tagName: "jumio-verification", definedIn: "src/index.ts" };

/** Where the element's options are declared once: their docs and types, and their defaults. */
const OPTIONS = { path: "src/options.ts", type: "VerificationOptions", defaults: "VERIFICATION_DEFAULTS" };

/** Each option's description, type and default, read from OPTIONS with the analyzer's TypeScript. */
function readOptions(ts) {
  const source = ts.createSourceFile(OPTIONS.path, readFileSync(OPTIONS.path, "utf8"), ts.ScriptTarget.Latest, true);
  const options = new Map();
  const defaults = new Map();
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === OPTIONS.type) {
      for (const member of node.members) {
        const description = ts.getTextOfJSDocComment(ts.getJSDocCommentsAndTags(member)[0]?.comment);
        options.set(member.name.getText(source), { description, type: { text: member.type.getText(source) } });
      }
    } else if (ts.isVariableDeclaration(node) && node.name.getText(source) === OPTIONS.defaults) {
      const literal = node.initializer.arguments?.[0] ?? node.initializer; // Object.freeze({ … })
      for (const property of literal.properties)
        defaults.set(property.name.getText(source), property.initializer.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const [name, option] of options) option.default = defaults.get(name)?.replace(/^Object\.freeze\((.*)\)$/, "$1");
  return options;
}

let typescript;

export default {
  globs: ["src/element/jumio-verification-element.ts"],
  outdir: ".",
  litelement: true,
  plugins: [
    {
      name: "options",
      // The element takes its options' types and docs from VerificationOptions (declaration
      // merging) and their defaults from VERIFICATION_DEFAULTS: the analyzer, which reads only
      // the element's `properties`, gets them from there for the fields and their attributes.
      initialize({ ts }) {
        typescript = ts;
      },
      packageLinkPhase({ customElementsManifest }) {
        const options = readOptions(typescript);
        const declaration = customElementsManifest.modules
          .flatMap((module) => module.declarations ?? [])
          .find((candidate) => candidate.name === ELEMENT.className);
        for (const item of [...(declaration?.members ?? []), ...(declaration?.attributes ?? [])]) {
          const option = options.get(item.fieldName ?? item.name);
          if (option && (item.kind === "field" || item.fieldName)) Object.assign(item, option);
        }
      },
    },
    {
      name: "public-api-only",
      // `#private` members are not API, and `new JumioErrorEvent(…)` in code yields a nameless event.
      packageLinkPhase({ customElementsManifest }) {
        for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
          declaration.members = declaration.members?.filter(
            (member) => member.privacy !== "private" && !member.name.startsWith("#"),
          );
          declaration.events = declaration.events?.filter((event) => event.name);
        }
      },
    },
    {
      name: "tag-name",
      // The analyzer finds a tag only in a literal `customElements.define("tag", Class)`. Ours is
      // `JumioVerificationElement.define()` in src/index.ts (the `.` entry; `./element` defines
      // nothing), with the tag as `define`'s default argument: name the tag on the declaration and
      // record the definition as an export of the module that makes it.
      packageLinkPhase({ customElementsManifest }) {
        const { modules } = customElementsManifest;
        const module = modules.find((candidate) =>
          candidate.declarations?.some((declaration) => declaration.name === ELEMENT.className),
        );
        if (!module) throw new Error(`custom-elements.json: no declaration of ${ELEMENT.className} (see the globs)`);
        const declaration = module.declarations.find((candidate) => candidate.name === ELEMENT.className);
        const tagDefault = declaration.members
          ?.find((member) => member.kind === "method" && member.static && member.name === "define")
          ?.parameters?.find((parameter) => parameter.name === "tag")?.default;
        if (tagDefault !== undefined && tagDefault !== JSON.stringify(ELEMENT.tagName)) {
          throw new Error(
            `custom-elements.json: define()'s default tag is ${tagDefault}, this config says "${ELEMENT.tagName}"`,
          );
        }
        declaration.customElement = true;
        declaration.tagName = ELEMENT.tagName;

        const reference = { name: ELEMENT.className, module: module.path };
        let entry = modules.find((candidate) => candidate.path === ELEMENT.definedIn);
        if (!entry) {
          entry = { kind: "javascript-module", path: ELEMENT.definedIn, declarations: [], exports: [] };
          modules.push(entry);
        }
        entry.exports ??= [];
        const has = (kind, name) => entry.exports.some((item) => item.kind === kind && item.name === name);
        if (!has("js", ELEMENT.className))
          entry.exports.push({ kind: "js", name: ELEMENT.className, declaration: reference });
        if (!has("custom-element-definition", ELEMENT.tagName)) {
          entry.exports.push({ kind: "custom-element-definition", name: ELEMENT.tagName, declaration: reference });
        }
      },
    },
  ],
};
