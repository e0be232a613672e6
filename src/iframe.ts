/**
 * The permissions the web client needs: the guide's five for biometric face capture
 * ("camera;fullscreen;accelerometer;gyroscope;magnetometer") plus the three of Jumio's current
 * embed guide. Permissions policy is fixed when the frame navigates, so this must be on the
 * iframe before its `src`.
 */
export const IFRAME_ALLOW = "camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer";

/** The guide: these "iFrame attributes must be included to enable biometric face capture". */
const REQUIRED_FEATURES = ["camera", "fullscreen", "accelerometer", "gyroscope", "magnetometer"];

/** What a server-rendered iframe lacks that the web client needs; empty when nothing. */
export function adoptionWarnings(allow: string | null, allowFullscreen: boolean): string[] {
  const granted = new Set((allow ?? "").split(";").map((directive) => directive.trim().split(/\s+/)[0]?.toLowerCase()));
  const missing = REQUIRED_FEATURES.filter((feature) => !granted.has(feature));
  const warnings: string[] = [];
  if (missing.length > 0) warnings.push(`the adopted iframe's allow attribute lacks ${missing.join(", ")}: camera capture may fail.`);
  if (!allowFullscreen) warnings.push("the adopted iframe lacks the allowfullscreen attribute.");
  return warnings;
}
