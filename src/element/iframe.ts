import { IFRAME_ALLOW } from "../frame-markup.js";

/**
 * A new verification iframe for `url`, `allow` and `allowfullscreen` set before `src`. One per
 * navigation of the element's own frame: a new browsing context, so no message of a previous
 * document can pass for the new one's. (An adopted frame is replaced by `copyFrame`.)
 */
export function verificationFrame(url: URL): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  frame.part = "iframe";
  frame.allow = IFRAME_ALLOW;
  frame.allowFullscreen = true;
  frame.src = url.href;
  return frame;
}

/** A copy of the adopted iframe `frame` on `url`, its other attributes (`allow` among them) set before `src`: a new browsing context too. */
export function copyFrame(frame: HTMLIFrameElement, url: URL): HTMLIFrameElement {
  const copy = document.createElement("iframe");
  for (const { name, value } of frame.attributes)
    if (name !== "src" && name !== "srcdoc") copy.setAttribute(name, value);
  copy.src = url.href;
  return copy;
}

/** The guide: these "iFrame attributes must be included to enable biometric face capture". */
const REQUIRED = ["camera", "fullscreen", "accelerometer", "gyroscope", "magnetometer"];

/** What a server-rendered iframe lacks of the guide's required `allow` features and `allowfullscreen`. */
export function missingPermissions(allow: string, allowFullscreen: boolean): string[] {
  const granted = allow.split(";").map((directive) => directive.trim().split(/\s+/)[0]?.toLowerCase());
  const missing = REQUIRED.filter((feature) => !granted.includes(feature));
  return allowFullscreen ? missing : [...missing, "allowfullscreen"];
}
