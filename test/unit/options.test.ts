import { expect } from "@open-wc/testing";
import { JumioVerificationElement } from "../../src/element.js";
import "../../src/index.js";
import { VERIFICATION_DEFAULTS } from "../../src/options.js";
import "./readable-failures.js";

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

describe("the element's options (VerificationOptions)", () => {
  it("are the properties it declares, each observed as its kebab-case attribute but requestInit", () => {
    const names = Object.keys(VERIFICATION_DEFAULTS);
    expect([...JumioVerificationElement.elementProperties.keys()]).to.have.members(names);
    const attributes = names.filter((name) => name !== "requestInit").map(kebab);
    expect(JumioVerificationElement.observedAttributes).to.have.members(attributes);
  });

  it("start at their defaults, with a requestInit of each element's own", () => {
    const [first, second] = [
      document.createElement("jumio-verification"),
      document.createElement("jumio-verification"),
    ];
    for (const [name, value] of Object.entries(VERIFICATION_DEFAULTS)) {
      expect(first[name as keyof typeof VERIFICATION_DEFAULTS], name).to.deep.equal(value);
    }
    expect(first.requestInit).to.not.equal(second.requestInit);
    first.requestInit.credentials = "include";
    expect(second.requestInit).to.deep.equal({});
  });
});
