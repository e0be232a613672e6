import { IFRAME_ALLOW } from "../frame-markup.js";

/**
 * A new verification iframe for `url`, `allow` and `allowfullscreen` set before `src`. One per
 * navigation of the element's own frame: a new browsing context, so no message of a previous
 * document can pass for the new one's. (An adopted frame is reloaded in place.)
 */
export function verificationFrame(url: URL): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  frame.part = "iframe";
  frame.allow = IFRAME_ALLOW;
  frame.allowFullscreen = true;
  frame.src = url.href;
  return frame;
}

/** The guide: these "iFrame attributes must be included to enable biometric face capture". */
const REQUIRED = ["camera", "fullscreen", "accelerometer", "gyroscope", "magnetometer"];

/** What a server-rendered iframe lacks of the guide's required `allow` features and `allowfullscreen`. */
export function missingPermissions(allow: string, allowFullscreen: boolean): string[] {
  const granted = allow.split(";").map((directive) => directive.trim().split(/\s+/)[0]?.toLowerCase());
  const missing = REQUIRED.filter((feature) => !granted.includes(feature));
  return allowFullscreen ? missing : [...missing, "allowfullscreen"];
}
