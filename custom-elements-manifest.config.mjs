/** `custom-elements.json` for IDEs, Storybook and type tools: `npm run build` regenerates it. */

/** The element's class and the tag that the `.` entry defines it under. */
const ELEMENT = { className: "JumioVerificationElement", tagName: "jumio-verification", definedIn: "src/index.ts" };

export default {
  globs: ["src/element/jumio-verification-element.ts"],
  outdir: ".",
  litelement: true,
  plugins: [
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
