import { JUMIO_ERROR_CODES } from "../error-codes.js";

/** What the simulated web client knows of its workflow (from Account Create). */
export interface WebClientSession {
  accountId: string;
  workflowExecutionId: string;
  authorizationToken: string;
  customerInternalReference?: string | undefined;
  successUrl?: string | undefined;
  errorUrl?: string | undefined;
  /** The ID types offered, e.g. `["PASSPORT", "ID_CARD"]`. Default: passport, identity card, driving licence. */
  documentTypes?: readonly string[] | undefined;
  /** The token is missing, unknown, used up or past its `tokenLifetime`: the page reports error 9200 on load. */
  expired?: boolean;
  /** The session started and timed out: the page reports error 9210 on load. */
  sessionExpired?: boolean;
}

/** What the page offers when the session does not narrow the ID types. */
export const DEFAULT_DOCUMENT_TYPES = ["PASSPORT", "ID_CARD", "DRIVING_LICENSE"] as const;

const DOCUMENT_LABELS: Record<string, string> = {
  PASSPORT: "Passport",
  ID_CARD: "Identity card",
  DRIVING_LICENSE: "Driving licence",
  VISA: "Visa",
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** JSON that is safe inside a `<script type="application/json">` element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

const errorOptions = Object.entries(JUMIO_ERROR_CODES)
  .map(([code, { description }]) => `<option value="${code}">${code} — ${escapeHtml(description)}</option>`)
  .join("");

function documentChoices(types: readonly string[]): string {
  return types
    .map(
      (type, index) =>
        `<label><input type="radio" name="document" value="${escapeHtml(type)}"${index === 0 ? " checked" : ""}> ${escapeHtml(DOCUMENT_LABELS[type] ?? type)}</label>`,
    )
    .join("");
}

/**
 * What Jumio's client reports when its session cannot go on: 9210 once the session expired,
 * else 9200 (the token expired, is unknown, or was used up).
 */
export function sessionOverError(sessionExpired: boolean): { code: number; text: string } {
  return sessionExpired
    ? { code: 9210, text: "Your session expired. Please start again." }
    : { code: 9200, text: "This verification link is invalid or has expired." };
}

function loadError(session: WebClientSession): { code: number; text: string } | undefined {
  return session.sessionExpired || session.expired ? sessionOverError(Boolean(session.sessionExpired)) : undefined;
}

/**
 * The page behind `GET /web/v4/app`: a stand-in for Jumio's hosted web client. Inside an
 * iframe it posts the guide's iFrame-logging messages ("Optional iFrame Logging") to the
 * embedding page's origin, and at the end goes to `successUrl` / `errorUrl` with the guide's
 * query parameters ("Success and Error URLs"), or, without one, says how it ended.
 * **Complete verification** first tells the mock (`POST complete`, next to the page).
 * Laid out to fit every size class of the guide, down to X-Small (535 px high).
 */
export function webClientPage(session: WebClientSession): string {
  const failed = loadError(session);
  const types = session.documentTypes?.length ? session.documentTypes : DEFAULT_DOCUMENT_TYPES;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Identity verification (simulated Jumio)</title>
<style>
  :root { color-scheme: light; font: 16px/1.4 system-ui, sans-serif; color: #1d2433; background: #f6f8fb; }
  html, body { height: 100%; margin: 0; }
  main { box-sizing: border-box; height: 100%; max-width: 640px; margin: 0 auto; padding: clamp(12px, 3vw, 32px);
    display: flex; flex-direction: column; gap: clamp(8px, 1.6vh, 16px); overflow-y: auto; }
  header { display: grid; gap: 2px; }
  h1 { font-size: clamp(1.15rem, 3vw, 1.6rem); line-height: 1.2; margin: 0; }
  p { margin: 0; }
  .badge { justify-self: start; font-size: .75rem; padding: .1em .6em; border-radius: 1em; background: #fde68a; }
  fieldset { display: flex; flex-wrap: wrap; gap: .25em 1.25em; border: 1px solid #cfd6e4; border-radius: 8px; margin: 0; padding: .25em .9em .5em; }
  fieldset label { display: flex; gap: .4em; align-items: center; }
  .camera { flex: 1 1 0; min-height: 64px; max-height: 340px; border-radius: 8px; display: grid; place-items: center; text-align: center; padding: .5em;
    background: repeating-linear-gradient(45deg, #2b3447, #2b3447 12px, #323c52 12px, #323c52 24px); color: #fff; }
  .actions { display: grid; gap: .6em; }
  .fail { display: flex; gap: .5em; align-items: end; }
  .fail label { flex: 1; min-width: 0; display: grid; font-size: .875rem; }
  button, select { font: inherit; padding: .45em .9em; border-radius: 6px; border: 1px solid #8391ab; background: #fff; color: inherit; }
  select { width: 100%; min-width: 0; }
  button.primary { background: #1f5fd6; border-color: #1f5fd6; color: #fff; font-weight: 600; }
  button:disabled, select:disabled { opacity: .55; }
  [role="alert"], [role="status"] { border-radius: 8px; padding: .5em .75em; }
  [role="alert"] { background: #fde2e1; color: #7f1d1d; }
  [role="status"]:not(:empty) { background: #dcfce7; color: #14532d; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  @media (min-width: 560px) { .actions { grid-template-columns: auto 1fr; align-items: end; } }
</style>
</head>
<body>
<main>
  <header>
    <span class="badge">Simulated Jumio — no real verification</span>
    <h1>Verify your identity</h1>
    <p>Choose a document, then capture it.</p>
  </header>
  ${failed ? `<p role="alert">${escapeHtml(failed.text)} (error ${failed.code})</p>` : ""}
  <fieldset${failed ? " disabled" : ""}>
    <legend>Document</legend>
    ${documentChoices(types)}
  </fieldset>
  <div class="camera" role="img" aria-label="Simulated camera preview">Hold your document inside the frame</div>
  <div class="actions">
    <button type="button" class="primary" id="complete"${failed ? " disabled" : ""}>Complete verification</button>
    <div class="fail">
      <label>Error code <select id="code"${failed ? " disabled" : ""}>${errorOptions}</select></label>
      <button type="button" id="fail"${failed ? " disabled" : ""}>Fail verification</button>
    </div>
  </div>
  <p role="status" id="outcome"></p>
</main>
<script type="application/json" id="session">${scriptJson(session)}</script>
<script>
  const session = JSON.parse(document.getElementById("session").textContent);
  // The embedding page's origin: messages go there and nowhere else (never "*").
  const ancestor = location.ancestorOrigins && location.ancestorOrigins[0];
  const parentOrigin = document.referrer ? new URL(document.referrer).origin : ancestor && ancestor !== "null" ? ancestor : null;
  const buttons = [document.getElementById("complete"), document.getElementById("fail")];

  function post(value, code) {
    if (window.parent === window || !parentOrigin) return;
    const message = {
      accountId: session.accountId,
      authorizationToken: session.authorizationToken,
      workflowExecutionId: session.workflowExecutionId,
      ...(session.customerInternalReference ? { customerInternalReference: session.customerInternalReference } : {}),
      eventType: 510,
      dateTime: new Date().toISOString(),
      payload: { value, ...(code === undefined ? {} : { metainfo: { code } }) },
    };
    window.parent.postMessage(JSON.stringify(message), parentOrigin);
  }

  function finish(url, status, code, text) {
    if (!url) {
      document.getElementById("outcome").textContent = text;
      return;
    }
    const target = new URL(url);
    target.searchParams.set("accountId", session.accountId);
    target.searchParams.set("workflowExecutionId", session.workflowExecutionId);
    target.searchParams.set("acquisitionStatus", status);
    if (session.customerInternalReference) target.searchParams.set("customerInternalReference", session.customerInternalReference);
    if (code !== undefined) target.searchParams.set("errorCode", String(code));
    location.assign(target.href);
  }

  // As Jumio's client shows its result screen first: a frame that navigates away at once can
  // lose the message it has just posted (seen in Chromium, across processes).
  const afterScreen = (next) => setTimeout(next, 300);

  function fail(code) {
    post("error", code);
    afterScreen(() => finish(session.errorUrl, "ERROR", code, "The verification could not be completed (error " + code + ")."));
  }

  document.getElementById("complete").addEventListener("click", async () => {
    buttons.forEach((button) => (button.disabled = true));
    const documentType = document.querySelector("input[name=document]:checked")?.value;
    // Success only once the mock has taken the capture; a refusal (the session or the token ran
    // out meanwhile) says which error to report, an unreachable server is 9810.
    const answer = await fetch("complete", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ authorizationToken: session.authorizationToken, documentType }),
    }).catch(() => undefined);
    if (!answer) return fail(9810);
    if (!answer.ok) return fail((await answer.json().catch(() => ({}))).errorCode ?? 9200);
    post("success");
    afterScreen(() => finish(session.successUrl, "SUCCESS", undefined, "Thank you: your verification was submitted. You can close this window."));
  });
  document.getElementById("fail").addEventListener("click", () => {
    buttons.forEach((button) => (button.disabled = true));
    fail(Number(document.getElementById("code").value));
  });

  ${failed ? `post("error", ${failed.code});` : `post("loaded");`}
</script>
</body>
</html>`;
}
