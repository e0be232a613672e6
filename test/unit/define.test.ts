import { expect } from "@open-wc/testing";
import { JumioVerificationElement } from "../../src/element.js";
import "../../src/index.js";
import { GLOBAL_API } from "./helpers.js";
import "./readable-failures.js";

describe("defining the element", () => {
  it("defines <jumio-verification> on import, and a second define() does nothing", () => {
    expect(customElements.get("jumio-verification")).to.equal(JumioVerificationElement);
    expect(() => JumioVerificationElement.define()).not.to.throw();
    expect(customElements.get("jumio-verification")).to.equal(JumioVerificationElement);
  });

  it("leaves the tag to another copy of the package that defined it first, without throwing", async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener("error", onError);
    try {
      const script = document.createElement("script");
      const loaded = new Promise((resolve) => script.addEventListener("load", resolve));
      script.src = "/dist/jumio-verification.min.js";
      document.head.append(script);
      await loaded;
    } finally {
      window.removeEventListener("error", onError);
    }
    expect(errors).to.deep.equal([]);
    expect(customElements.get("jumio-verification")).to.equal(JumioVerificationElement);
    expect(Object.keys(window.JumioVerification).sort()).to.deep.equal(GLOBAL_API);
  });

  it("defines a subclass under another tag, for scoped registries", () => {
    class ScopedVerification extends JumioVerificationElement {}
    ScopedVerification.define("scoped-jumio-verification");
    expect(document.createElement("scoped-jumio-verification")).to.be.instanceOf(JumioVerificationElement);
  });
});
