import "../src/index.js";
import type { JumioSuccessDetail } from "../src/index.js";

const element = document.querySelector("jumio-verification")!;
const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

function show(target: string, value: unknown): void {
  $(target).textContent = JSON.stringify(value, null, 2);
}

const types = [
  "jumio-preflight",
  "jumio-message",
  "jumio-loaded",
  "jumio-success",
  "jumio-error",
  "jumio-state-change",
];
for (const type of types as (keyof HTMLElementEventMap & `jumio-${string}`)[]) {
  element.addEventListener(type, (event) => {
    const entry = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = type;
    const detail = document.createElement("pre");
    detail.textContent = JSON.stringify(event.detail, null, 2);
    entry.append(name, detail);
    $("#log").prepend(entry);
    $("#state").textContent = element.state;
  });
}

new MutationObserver(() => ($("#size-class").textContent = element.sizeClass)).observe(element, {
  attributeFilter: ["size-class"],
});

const width = $<HTMLInputElement>("#width");
width.addEventListener("input", () => {
  $("#container").style.maxWidth = `${width.value}px`;
  $("#width-value").textContent = `${width.value} px`;
});

$("#reload").addEventListener("click", () => element.reload());

let workflowExecutionId: string | undefined;
element.addEventListener("jumio-loaded", (event) => (workflowExecutionId = event.detail.workflowExecutionId));
// As if the user came back after the token's lifetime: the same href again, now expired.
$("#expire").addEventListener("click", async () => {
  const href = element.shadowRoot?.querySelector("iframe")?.src;
  await fetch("/api/expire-token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ workflowExecutionId }),
  });
  if (href) element.href = href;
});

interface Verification {
  status: string;
  decision?: string;
  details?: {
    decision?: { type: string; details?: { label?: string } };
    capabilities?: Record<
      string,
      { decision?: { type: string; details?: { label?: string } }; data?: Record<string, unknown> }[]
    >;
  };
}

function cells(...texts: string[]): HTMLTableRowElement {
  const row = document.createElement("tr");
  for (const text of texts) row.insertCell().textContent = text;
  return row;
}

function showDecision({ status, details = {} }: Verification): void {
  $("#status").textContent = status;
  $("#decision").textContent = `${details.decision?.type ?? "—"} (${details.decision?.details?.label ?? ""})`;
  const rows = Object.entries(details.capabilities ?? {}).flatMap(([name, results]) =>
    results.map(({ decision }) => cells(name, decision?.type ?? "", decision?.details?.label ?? "")),
  );
  $("#capabilities tbody").replaceChildren(...rows);
  const extracted = Object.entries(details.capabilities?.extraction?.[0]?.data ?? {}).flatMap(([name, value]) => {
    const term = document.createElement("dt");
    term.textContent = name;
    const description = document.createElement("dd");
    description.textContent = typeof value === "object" ? JSON.stringify(value) : String(value);
    return [term, description];
  });
  $("#extraction").replaceChildren(...extracted);
}

/** The service stores the decision once Jumio called back and Retrieval answered: ask the backend until it has. */
async function showOutcome({ workflowExecutionId }: JumioSuccessDetail): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const verification: Verification = await (await fetch(`/api/verifications/${workflowExecutionId}`)).json();
    $("#status").textContent = verification.status;
    if (verification.decision) {
      show("#verification", verification);
      showDecision(verification);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  $("#result-note").textContent =
    "No decision yet (the real Jumio cannot call back a local machine: the service's reconcile() polls for it).";
}

element.addEventListener("jumio-success", (event) => void showOutcome(event.detail));

$("#forget").addEventListener("click", async () => {
  const answer = await fetch("/api/verifications", { method: "DELETE" });
  const { verifications, deletedAtJumio, pendingAtJumio } = await answer.json();
  $("#erasure").textContent = answer.ok
    ? `Erased: ${verifications} verification(s) from the store; Jumio deleted ${deletedAtJumio} account(s), ${pendingAtJumio} to retry.`
    : "Not erased: see the backend's log.";
});
