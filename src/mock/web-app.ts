import { mediaType } from "../server/http.js";
import { empty, html } from "./answers.js";
import type { MockContext } from "./context.js";
import { type Route, route } from "./router.js";
import { DOCUMENT_TYPES, type DocumentType } from "./sample-results.js";
import type { MockWorkflow } from "./store.js";
import { DEFAULT_DOCUMENT_TYPES, sessionOverError, type WebClientSession, webClientPage } from "./web-client.js";

function documentTypes(workflow: MockWorkflow): DocumentType[] {
  const allowed = workflow.credentials.find(({ category }) => category === "ID")?.definition?.type?.values ?? [];
  const types = DOCUMENT_TYPES.filter((type) => allowed.includes(type));
  return types.length > 0 ? types : [...DEFAULT_DOCUMENT_TYPES];
}

async function readCompletion(request: Request, url: URL): Promise<{ token: string; documentType?: string }> {
  const body: unknown = await request.json().catch(() => ({}));
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const token =
    typeof fields.authorizationToken === "string"
      ? fields.authorizationToken
      : url.searchParams.get("authorizationToken");
  return {
    token: token ?? "",
    ...(typeof fields.documentType === "string" ? { documentType: fields.documentType } : {}),
  };
}

/**
 * `GET /web/v4/app`, the hosted web client's stand-in, and the `complete` call its button makes:
 * JSON only, from the page's own origin.
 */
export function webRoutes(context: MockContext): Route[] {
  const { store, lifecycle, fail } = context;

  return [
    route("GET", "/web/v4/app", ({ url }) => {
      const token = url.searchParams.get("authorizationToken") ?? "";
      const workflow = token === "" ? undefined : store.byToken(token);
      if (!workflow) {
        return html(
          webClientPage({ accountId: "", workflowExecutionId: "", authorizationToken: token, expired: true }),
        );
      }
      const state = lifecycle.webState(workflow);
      if (state === "active") lifecycle.touch(workflow);
      const { request } = workflow;
      const session: WebClientSession = {
        accountId: workflow.accountId,
        workflowExecutionId: workflow.id,
        authorizationToken: workflow.authorizationToken,
        customerInternalReference: request.customerInternalReference,
        successUrl: request.web?.successUrl,
        errorUrl: request.web?.errorUrl,
        documentTypes: documentTypes(workflow),
        expired: state === "token-expired",
        sessionExpired: state === "session-expired",
      };
      return html(webClientPage(session));
    }),

    route("POST", "/web/v4/complete", async ({ request, url }) => {
      const origin = request.headers.get("origin");
      if (origin !== null && origin !== url.origin) {
        return fail(403, `Complete verification is taken from the web client's own page only, not from ${origin}.`);
      }
      // A page can POST text/plain to any origin without a preflight; JSON it cannot.
      if (mediaType(request.headers) !== "application/json") {
        return fail(415, "Complete verification takes Content-Type: application/json only.");
      }
      const { token, documentType } = await readCompletion(request, url);
      const workflow = token === "" ? undefined : store.byToken(token);
      if (!workflow) return fail(404, "Unknown authorization token.");
      if (lifecycle.complete(workflow, "WEB", documentType)) return empty(204);
      // The session or the token ran out while the page was open, or another tab completed first.
      const { code } = sessionOverError(lifecycle.webState(workflow) === "session-expired");
      return fail(409, `The workflow execution is ${workflow.status}.`, { errorCode: code });
    }),
  ];
}
