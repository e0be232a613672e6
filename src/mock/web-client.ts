import { JUMIO_ERROR_CODES } from "../error-codes.js";

/** What the simulated web client knows of its workflow (from Account Create). */
export interface WebClientSession {
  accountId: string;
  workflowExecutionId: string;
  authorizationToken: string;
  customerInternalReference?: string | undefined;
  successUrl?: string | undefined;
  errorUrl?: string | undefined;
  /** The token is past its `tokenLifetime`: the page reports error 9200 on load. */
  expired?: boolean;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** JSON that is safe inside a `<script type="application/json">` element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

const errorOptions = Object.entries(JUMIO_ERROR_CODES)
  .map(([code, { description }]) => `<option value="${code}">${code} — ${escapeHtml(description)}</option>`)
  .join("");

/**
 * The page behind `GET /web/v4/app`: a stand-in for Jumio's hosted web client. Inside an
 * iframe it posts the guide's iFrame-logging messages ("Optional iFrame Logging") to the
 * embedding page's origin, and at the end goes to `successUrl` / `errorUrl` with the guide's
 * query parameters ("Success and Error URLs").
 */
export function webClientPage(session: WebClientSession): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Identity verification (simulated Jumio)</title>
<style>
  :root { color-scheme: light; font: 16px/1.5 system-ui, sans-serif; color: #1d2433; background: #f6f8fb; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
  main { box-sizing: border-box; width: min(100%, 640px); padding: clamp(16px, 4vw, 40px); }
  h1 { font-size: clamp(1.25rem, 3vw, 1.75rem); margin: 0 0 .25em; }
  .badge { display: inline-block; font-size: .75rem; padding: .1em .6em; border-radius: 1em; background: #fde68a; }
  fieldset { border: 1px solid #cfd6e4; border-radius: 8px; margin: 1em 0; padding: .75em 1em; }
  label { display: flex; gap: .5em; align-items: center; padding: .25em 0; }
  .camera { aspect-ratio: 16 / 9; border-radius: 8px; background: repeating-linear-gradient(45deg, #2b3447, #2b3447 12px, #323c52 12px, #323c52 24px); color: #fff; display: grid; place-items: center; text-align: center; padding: 1em; }
  .actions { display: flex; flex-wrap: wrap; gap: .75em; align-items: end; margin-top: 1em; }
  button, select { font: inherit; padding: .5em 1em; border-radius: 6px; border: 1px solid #8391ab; background: #fff; }
  button.primary { background: #1f5fd6; border-color: #1f5fd6; color: #fff; }
  .fail { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; }
  .fail label { flex-direction: column; align-items: start; gap: 0; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  @media (max-width: 480px) { .actions, .fail { flex-direction: column; align-items: stretch; } }
</style>
</head>
<body>
<main>
  <span class="badge">Simulated Jumio — no real verification</span>
  <h1>Verify your identity</h1>
  <p>Choose a document, then capture it.</p>
  <fieldset>
    <legend>Document</legend>
    <label><input type="radio" name="document" value="PASSPORT" checked> Passport</label>
    <label><input type="radio" name="document" value="ID_CARD"> Identity card</label>
    <label><input type="radio" name="document" value="DRIVING_LICENSE"> Driving licence</label>
  </fieldset>
  <div class="camera" role="img" aria-label="Simulated camera preview">Hold your document inside the frame</div>
  <div class="actions">
    <button type="button" class="primary" id="complete">Complete verification</button>
    <div class="fail">
      <label>Error code <select id="code">${errorOptions}</select></label>
      <button type="button" id="fail">Fail verification</button>
    </div>
  </div>
</main>
<script type="application/json" id="session">${scriptJson(session)}</script>
<script>
  const session = JSON.parse(document.getElementById("session").textContent);
  // The embedding page's origin: messages go there and nowhere else (never "*").
  const parentOrigin = document.referrer ? new URL(document.referrer).origin : null;

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

  function finish(url, status, code) {
    if (!url) return;
    const target = new URL(url);
    target.searchParams.set("accountId", session.accountId);
    target.searchParams.set("workflowExecutionId", session.workflowExecutionId);
    target.searchParams.set("acquisitionStatus", status);
    if (session.customerInternalReference) target.searchParams.set("customerInternalReference", session.customerInternalReference);
    if (code !== undefined) target.searchParams.set("errorCode", String(code));
    location.assign(target.href);
  }

  document.getElementById("complete").addEventListener("click", async () => {
    post("success");
    await fetch("complete", { method: "POST" }).catch(() => {});
    finish(session.successUrl, "SUCCESS");
  });
  document.getElementById("fail").addEventListener("click", () => {
    const code = Number(document.getElementById("code").value);
    post("error", code);
    finish(session.errorUrl, "ERROR", code);
  });

  if (session.expired) post("error", 9200);
  else post("loaded");
</script>
</body>
</html>`;
}
