import type { JumioErrorDetail, VerificationState } from "./events.js";

/** Waiting for the href or for the web client: `aria-busy`, and the `loading` slot. */
export const isBusy = (state: VerificationState): boolean => state === "fetching" || state === "loading";

/** What the polite live region says: the last error's description, or that the verification loaded or completed. */
export function announcement(state: VerificationState, error: JumioErrorDetail | undefined, label: string): string {
  if (error) return error.description;
  if (state === "loaded") return `${label}: loaded.`;
  return state === "success" ? `${label}: completed.` : "";
}
