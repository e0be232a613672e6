/** `custom-elements.json` for IDEs, Storybook and type tools: `npm run build` regenerates it. */
export default {
  globs: ["src/jumio-verification-element.ts"],
  outdir: ".",
  litelement: true,
  plugins: [
    {
      name: "public-api-only",
      // `#private` members are not API, and `new JumioErrorEvent(…)` in code yields a nameless event.
      packageLinkPhase({ customElementsManifest }) {
        for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
          declaration.members = declaration.members?.filter((member) => member.privacy !== "private" && !member.name.startsWith("#"));
          declaration.events = declaration.events?.filter((event) => event.name);
        }
      },
    },
  ],
};
