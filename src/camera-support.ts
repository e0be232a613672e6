import { IFRAME_ALLOW } from "./frame-markup.js";
import { type InAppBrowser, inAppBrowserOf } from "./in-app-browsers.js";

export type CameraProblem =
  | "insecure-context"
  | "no-media-devices"
  | "blocked-by-permissions-policy"
  | "permission-denied"
  | "in-app-browser"
  | "webview";

/** A check this browser could not make. */
export type CameraCheck = "permissions-policy" | "permission";

/**
 * What `checkCameraSupport()` found. `ok` is true when no problem was found, which does not
 * promise that the camera works: `unchecked` lists what could not be known —
 * `"permissions-policy"` where the engine exposes neither `document.permissionsPolicy` nor
 * `document.featurePolicy` (Firefox, Safari); `"permission"` where the Permissions API does not
 * answer for the camera, or where its answer would mean nothing because a problem already keeps
 * the camera away (a blocked policy, for one, makes it say `denied` whatever the user chose).
 */
export interface CameraSupport {
  ok: boolean;
  problems: { code: CameraProblem; message: string }[];
  unchecked: CameraCheck[];
}

/** What the browser says, as `checkCameraSupport()` gathers it; `undefined` where it cannot say. */
export interface CameraFacts {
  secureContext: boolean;
  getUserMedia: boolean;
  /** The document's permissions policy for `camera`. */
  cameraPolicy: boolean | undefined;
  /** The Permissions API's state for `camera`. */
  permission: PermissionState | undefined;
  /** Whether the page is inside a frame. */
  framed: boolean;
  userAgent: string;
}

// Guide: nested in another iFrame, the allow attribute "must be added to every iFrame".
const EVERY_FRAME = `give every iframe around this page allow="${IFRAME_ALLOW}" allowfullscreen`;
const DENIED = "The camera is blocked for this site: allow it in the browser's site settings, then reload.";

const MESSAGES = {
  // Guide: "Camera capture is only possible within an iFrame when the containing page is served securely over https".
  "insecure-context": "This page is not on https, so it gets no camera: serve it over https, or continue in a new tab.",
  "no-media-devices": "This browser gives web pages no camera: open this page in Safari, Chrome or Firefox.",
  "blocked-by-permissions-policy": `A frame around this page blocks the camera: ${EVERY_FRAME}, or continue in a new tab.`,
  // A policy that blocks the camera makes the Permissions API say denied too: where the policy is unknown, both fit.
  "permission-denied-framed": `${DENIED} If this page is in a frame, ${EVERY_FRAME}.`,
  // Guide, Native WebView: on iOS "we cannot access the camera due to native WebView limitations", while the
  // Safari View Controller has "Access to the camera during ID and Identity".
  ios: "An app's web view on iOS has no camera: open this page in Safari (an app can show it in an SFSafariViewController).",
  // Guide, Native WebView: Android needs android.permission.CAMERA and the page's VIDEO_CAPTURE request granted.
  android:
    "An app's Android WebView has the camera only if the app grants it: if it does not start, open this page in Chrome.",
};

const inAppMessage = (app: InAppBrowser): string =>
  app.code === "webview"
    ? MESSAGES[app.platform]
    : `${app.app}'s in-app browser may block the camera: open this page in your browser (the app's menu, "Open in browser").`;

/**
 * The diagnosis from what the browser says, a pure function. An insecure context is reported
 * without the missing `getUserMedia` it causes (the API is for secure contexts only): https is
 * the one fix. The permission counts only where nothing else keeps the camera away.
 */
export function diagnose(facts: CameraFacts): CameraSupport {
  const problems: CameraSupport["problems"] = [];
  const unchecked: CameraCheck[] = [];
  const report = (code: CameraProblem, message: string) => problems.push({ code, message });
  if (!facts.secureContext) report("insecure-context", MESSAGES["insecure-context"]);
  else if (!facts.getUserMedia) report("no-media-devices", MESSAGES["no-media-devices"]);
  if (facts.cameraPolicy === false) report("blocked-by-permissions-policy", MESSAGES["blocked-by-permissions-policy"]);
  if (facts.cameraPolicy === undefined) unchecked.push("permissions-policy");
  if (problems.length > 0 || facts.permission === undefined) unchecked.push("permission");
  else if (facts.permission === "denied") {
    const framed = facts.framed && facts.cameraPolicy === undefined;
    report("permission-denied", framed ? MESSAGES["permission-denied-framed"] : DENIED);
  }
  const app = inAppBrowserOf(facts.userAgent);
  if (app) report(app.code, inAppMessage(app));
  return { ok: problems.length === 0, problems, unchecked };
}

interface PolicyDocument {
  permissionsPolicy?: { allowsFeature(feature: string): boolean };
  featurePolicy?: { allowsFeature(feature: string): boolean };
}

/** The document's permissions policy for `camera`, where the engine exposes it (Chromium: `featurePolicy`). */
function cameraPolicy(): boolean | undefined {
  const { permissionsPolicy, featurePolicy } = document as PolicyDocument;
  return (permissionsPolicy ?? featurePolicy)?.allowsFeature("camera");
}

async function cameraPermission(): Promise<PermissionState | undefined> {
  try {
    return (await navigator.permissions.query({ name: "camera" as PermissionName })).state;
  } catch {
    return undefined; // no Permissions API, or no "camera" in it
  }
}

/**
 * Whether this page can use the camera, and if not, why and what to do. It never asks for the
 * camera itself (no prompt, no device light). Not detected: the guide's "Biometric Face Capture
 * is not possible within an iFrame on incognito mode" (no browser tells a page it is private).
 */
export async function checkCameraSupport(): Promise<CameraSupport> {
  return diagnose({
    secureContext: isSecureContext,
    getUserMedia: typeof navigator.mediaDevices?.getUserMedia === "function",
    cameraPolicy: cameraPolicy(),
    permission: await cameraPermission(),
    framed: window.top !== window,
    userAgent: navigator.userAgent,
  });
}

/**
 * Whether only a top-level tab of its own would give the verification the camera: the problems
 * `insecure-context` and `blocked-by-permissions-policy`, which `checkCameraSupport()` reports
 * from the same facts. Synchronous, so the frame can wait before it navigates.
 */
export function cameraNeedsOwnTab(): boolean {
  return !isSecureContext || cameraPolicy() === false;
}

/** The console warning for the integrator: each problem and what fixes it; null when none was found. */
export function cameraWarning(support: CameraSupport): string | null {
  if (support.ok) return null;
  const lines = support.problems.map(({ code, message }) => `- ${code}: ${message}`);
  return ["jumio-verification: the camera may not work on this page.", ...lines].join("\n");
}
