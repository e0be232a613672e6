import { JumioValidationError } from "./errors.js";
import { callbackSchema, type JumioCallback } from "./schemas/callback.js";
import { validate } from "./validate.js";

function decode(body: unknown): unknown {
  const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : body;
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new JumioValidationError("Invalid Jumio callback", [{ path: "", message: "is not JSON" }]);
  }
}

/**
 * The callback POST body, validated: pass the raw text or bytes, or what a body parser
 * made of them. Throws `JumioValidationError` naming each offending path.
 */
export function parseCallback(body: unknown): JumioCallback {
  return validate(callbackSchema, decode(body), "Invalid Jumio callback");
}
