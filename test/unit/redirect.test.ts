import { expect } from "@open-wc/testing";
import { parseRedirect } from "../../src/redirect.js";

const ACCOUNT_ID = "3f1c2a7e-5b4d-4c8e-9f0a-1b2c3d4e5f60";
const WORKFLOW_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const IDS = `accountId=${ACCOUNT_ID}&workflowExecutionId=${WORKFLOW_ID}`;

describe("parseRedirect: the guide's success and error URLs", () => {
  it("reads a success URL", () => {
    // Guide, "Success and Error URLs": accountId, workflowExecutionId, acquisitionStatus (SUCCESS | ERROR), customerInternalReference.
    expect(
      parseRedirect(
        `https://shop.example.com/verified?${IDS}&acquisitionStatus=SUCCESS&customerInternalReference=order-42`,
      ),
    ).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "SUCCESS",
      customerInternalReference: "order-42",
    });
  });

  it("reads an error URL with the guide's description of its errorCode", () => {
    // Guide: "9200 (Authorization token missing, invalid, or expired.)"
    expect(
      parseRedirect(`https://shop.example.com/failed?${IDS}&acquisitionStatus=ERROR&errorCode=9200`),
    ).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "ERROR",
      errorCode: 9200,
      errorDescription: "Authorization token missing, invalid, or expired.",
    });
  });

  it("returns null when one of the guide's parameters comes twice: which one Jumio meant cannot be told", () => {
    const success = `${IDS}&acquisitionStatus=SUCCESS&customerInternalReference=order-42`;
    for (const twice of [
      `${success}&acquisitionStatus=ERROR&errorCode=9200`,
      `${success}&accountId=${ACCOUNT_ID}`,
      `${success}&workflowExecutionId=${WORKFLOW_ID}`,
      `${success}&customerInternalReference=order-43`,
      `${IDS}&acquisitionStatus=ERROR&errorCode=9200&errorCode=9100`,
    ]) {
      expect(parseRedirect(`https://shop.example.com/verified?${twice}`), twice).to.equal(null);
    }
    expect(
      parseRedirect(`https://shop.example.com/verified?${success}&page=1&page=2`),
      "another parameter",
    ).not.to.equal(null);
  });

  it("describes an unknown error code as `Unknown error code N`", () => {
    const redirect = parseRedirect(`https://shop.example.com/failed?${IDS}&acquisitionStatus=ERROR&errorCode=1234`);
    expect(redirect).to.include({ errorCode: 1234, errorDescription: "Unknown error code 1234" });
  });

  it("drops an errorCode on a SUCCESS redirect", () => {
    // Guide: errorCode is "only appended to errorUrl when acquisitionStatus is ERROR".
    const redirect = parseRedirect(`https://shop.example.com/verified?${IDS}&acquisitionStatus=SUCCESS&errorCode=9100`);
    expect(redirect).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "SUCCESS",
    });
  });

  it("reads an ERROR redirect without errorCode, with neither errorCode nor errorDescription", () => {
    const redirect = parseRedirect(`https://shop.example.com/failed?${IDS}&acquisitionStatus=ERROR`);
    expect(redirect).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "ERROR",
    });
  });

  it("leaves out an errorCode that is not a number and keeps the rest", () => {
    const redirect = parseRedirect(`https://shop.example.com/failed?${IDS}&acquisitionStatus=ERROR&errorCode=9200abc`);
    expect(redirect).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "ERROR",
    });
  });

  it("decodes a percent-encoded customerInternalReference", () => {
    const redirect = parseRedirect(
      `https://shop.example.com/verified?${IDS}&acquisitionStatus=SUCCESS&customerInternalReference=order%2042%26gift`,
    );
    expect(redirect?.customerInternalReference).to.equal("order 42&gift");
  });

  it("ignores unknown extra parameters", () => {
    const redirect = parseRedirect(
      `https://shop.example.com/verified?utm_source=mail&${IDS}&acquisitionStatus=SUCCESS`,
    );
    expect(redirect).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "SUCCESS",
    });
  });
});

describe("parseRedirect: inputs", () => {
  it("reads a URL object", () => {
    const url = new URL(`https://shop.example.com/failed?${IDS}&acquisitionStatus=ERROR&errorCode=9835`);
    expect(parseRedirect(url)).to.include({
      acquisitionStatus: "ERROR",
      errorCode: 9835,
      errorDescription: "No acceptable submission in 3 attempts.",
    });
  });

  it("reads URLSearchParams", () => {
    const params = new URLSearchParams({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "SUCCESS",
    });
    expect(parseRedirect(params)).to.deep.equal({
      accountId: ACCOUNT_ID,
      workflowExecutionId: WORKFLOW_ID,
      acquisitionStatus: "SUCCESS",
    });
  });

  it("reads a bare query string such as location.search", () => {
    expect(parseRedirect(`?${IDS}&acquisitionStatus=SUCCESS`)?.accountId).to.equal(ACCOUNT_ID);
  });

  it("reads upper-case UUIDs", () => {
    const redirect = parseRedirect(
      `?accountId=${ACCOUNT_ID.toUpperCase()}&workflowExecutionId=${WORKFLOW_ID}&acquisitionStatus=SUCCESS`,
    );
    expect(redirect?.accountId).to.equal(ACCOUNT_ID.toUpperCase());
  });
});

describe("parseRedirect: missing or malformed required parameters", () => {
  it("returns null for a URL without query", () => {
    expect(parseRedirect("https://shop.example.com/verified")).to.equal(null);
  });

  it("returns null for an empty string", () => {
    expect(parseRedirect("")).to.equal(null);
  });

  it("returns null without accountId", () => {
    expect(
      parseRedirect(`https://shop.example.com/verified?workflowExecutionId=${WORKFLOW_ID}&acquisitionStatus=SUCCESS`),
    ).to.equal(null);
  });

  it("returns null without workflowExecutionId", () => {
    expect(
      parseRedirect(`https://shop.example.com/verified?accountId=${ACCOUNT_ID}&acquisitionStatus=SUCCESS`),
    ).to.equal(null);
  });

  it("returns null without acquisitionStatus", () => {
    expect(parseRedirect(`https://shop.example.com/verified?${IDS}`)).to.equal(null);
  });

  it("returns null for an acquisitionStatus other than SUCCESS or ERROR", () => {
    expect(parseRedirect(`https://shop.example.com/verified?${IDS}&acquisitionStatus=PENDING`)).to.equal(null);
  });

  it("returns null for a lower-case acquisitionStatus", () => {
    expect(parseRedirect(`https://shop.example.com/verified?${IDS}&acquisitionStatus=success`)).to.equal(null);
  });

  it("returns null for an accountId that is not a UUID", () => {
    // Guide: accountId is the "UUID of the account".
    expect(
      parseRedirect(
        `https://shop.example.com/verified?accountId=acc-1&workflowExecutionId=${WORKFLOW_ID}&acquisitionStatus=SUCCESS`,
      ),
    ).to.equal(null);
  });

  it("returns null for a workflowExecutionId with trailing characters after the UUID", () => {
    expect(
      parseRedirect(
        `https://shop.example.com/verified?accountId=${ACCOUNT_ID}&workflowExecutionId=${WORKFLOW_ID}x&acquisitionStatus=SUCCESS`,
      ),
    ).to.equal(null);
  });

  it("returns null for an empty accountId", () => {
    expect(
      parseRedirect(
        `https://shop.example.com/verified?accountId=&workflowExecutionId=${WORKFLOW_ID}&acquisitionStatus=SUCCESS`,
      ),
    ).to.equal(null);
  });
});
