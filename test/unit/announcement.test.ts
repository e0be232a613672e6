import { expect } from "@open-wc/testing";
import { announcement, isBusy } from "../../src/announcement.js";
import { jumioClientError } from "../../src/error-codes.js";
import { parseJumioMessage } from "../../src/messages.js";
import { jumioMessage } from "./helpers.js";

describe("announcement", () => {
  it("says loaded and completed with the element's label, and nothing while busy or idle", () => {
    expect(announcement("loaded", undefined, "ID check")).to.equal("ID check: loaded.");
    expect(announcement("success", undefined, "ID check")).to.equal("ID check: completed.");
    for (const state of ["idle", "fetching", "loading", "error"] as const) expect(announcement(state, undefined, "ID check")).to.equal("");
  });

  it("says the last error's description, whatever the state", () => {
    const error = jumioClientError(parseJumioMessage(jumioMessage({ value: "error", code: 9822 }))!);
    expect(announcement("loaded", error, "ID check")).to.equal("Browser does not support camera.");
  });

  it("counts fetching and loading as busy, and nothing else", () => {
    const busy = (["idle", "fetching", "loading", "loaded", "success", "error"] as const).filter(isBusy);
    expect(busy).to.deep.equal(["fetching", "loading"]);
  });
});
