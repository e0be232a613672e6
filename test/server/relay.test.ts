import assert from "node:assert/strict";
import { test } from "node:test";
import { relayRedirect } from "../../src/relay.js";

test("relayRedirect() outside a browser has no page to relay: false, nothing thrown", () => {
  assert.equal(relayRedirect(), false);
});
