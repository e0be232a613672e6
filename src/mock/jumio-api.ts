import { JumioValidationError } from "../server/errors.js";
import { mediaType } from "../server/http.js";
import { readPartFile } from "../server/part-file.js";
import { accountRequestSchema, type PartClassifier, partClassifierSchema } from "../server/schemas/index.js";
import { empty, json, parseBody } from "./answers.js";
import type { MockContext } from "./context.js";
import { missingHeader, type RequiredContentType } from "./guards.js";
import { type Route, route } from "./router.js";
import type { MockWorkflow } from "./store.js";

const WORKFLOW = "/api/v1/accounts/:accountId/workflow-executions/:workflowExecutionId";
const JSON_TYPE: RequiredContentType = "application/json";

function credentialsOf(header: string | null, scheme: "Basic" | "Bearer"): string | undefined {
  const [given, value, ...rest] = (header ?? "").trim().split(/\s+/);
  return given?.toLowerCase() === scheme.toLowerCase() && value && rest.length === 0 ? value : undefined;
}

function basicCredentials(request: Request): { id: string; secret: string } | undefined {
  const encoded = credentialsOf(request.headers.get("authorization"), "Basic");
  const decoded = encoded === undefined ? "" : Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

interface CallRules {
  /** The API channel's workflow: its `api.token` is good too. */
  workflow?: MockWorkflow | undefined;
  /** The `Content-Type` the guide lists for the call; none for Delete. */
  contentType?: RequiredContentType | undefined;
}

/** The guide's endpoints: OAuth2 token, Account, Retrieval, Delete, API channel and service status. */
export function jumioRoutes(context: MockContext): Route[] {
  const { store, lifecycle, wire, fail } = context;

  /**
   * Undefined when the request may go on: the guide's required headers (see `missingHeader`)
   * and a live OAuth2 access token, or, for the API channel, the workflow's `api.token`.
   */
  function refuse(request: Request, { workflow, contentType }: CallRules = {}): Response | undefined {
    const missing = missingHeader(request, contentType);
    if (missing) return fail(403, missing);
    const token = credentialsOf(request.headers.get("authorization"), "Bearer");
    // Guide: "Calls … without OAuth2 will result in HTTP status code 403 Forbidden"; a token
    // that is wrong or expired is a 401 (the server helper then fetches a new one).
    if (token === undefined) return fail(403, "An OAuth2 bearer token is required.");
    if (context.accessTokens.isValid(token)) return undefined;
    if (token === workflow?.authorizationToken && context.now() < workflow.tokenExpiresAt) {
      return undefined;
    }
    return fail(401, "A valid OAuth2 access token is required.", {
      headers: { "WWW-Authenticate": 'Bearer realm="jumio", error="invalid_token"' },
    });
  }

  const notFound = (what: string) => fail(404, `${what} not found.`);

  const accountRequest = (request: Request) =>
    parseBody(request, accountRequestSchema, "Invalid account request", context.now());

  /**
   * The path's workflow, `refresh`ed, or the answer that refuses the call: by Retrieval's
   * rules, or given `apiChannel`, by the API channel's (its `api.token` is good too).
   */
  function findWorkflow(
    request: Request,
    params: { accountId: string; workflowExecutionId: string },
    apiChannel?: { contentType: RequiredContentType },
  ) {
    const workflow = store.workflow(params.accountId, params.workflowExecutionId);
    const rules = apiChannel ? { workflow, contentType: apiChannel.contentType } : { contentType: JSON_TYPE };
    const refused = refuse(request, rules);
    if (refused) return refused;
    if (!workflow) return notFound("Workflow execution");
    lifecycle.refresh(workflow);
    return workflow;
  }

  /** The API channel's answer to a workflow that is no longer being acquired. */
  const closed = (workflow: MockWorkflow) => fail(403, `The workflow execution is ${workflow.status}.`);

  return [
    route("POST", "/oauth2/token", async ({ request }) => {
      // Guide: "Calls with missing, incorrect or suspicious headers or parameter values will
      // result in HTTP status code 400 Bad Request Error or 403 Forbidden".
      const client = basicCredentials(request);
      if (!client) return json(400, { error: "invalid_request" });
      if (client.id !== context.clientId || client.secret !== context.clientSecret) {
        return json(403, { error: "invalid_client" });
      }
      const type = mediaType(request.headers);
      const grant = new URLSearchParams(await request.text()).get("grant_type");
      if (type !== "application/x-www-form-urlencoded" || grant === null)
        return json(400, { error: "invalid_request" });
      if (grant !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
      const { token, expiresIn } = context.accessTokens.issue();
      return json(200, wire.token(token, expiresIn));
    }),

    route("POST", "/api/v1/accounts", async ({ request }) => {
      const refused = refuse(request, { contentType: JSON_TYPE });
      if (refused) return refused;
      const body = await accountRequest(request);
      if (body instanceof Response) return body;
      const workflow = store.createWorkflow(body);
      return workflow ? json(200, wire.account(workflow)) : notFound("Account");
    }),

    route("PUT", "/api/v1/accounts/:accountId", async ({ request, params }) => {
      const refused = refuse(request, { contentType: JSON_TYPE });
      if (refused) return refused;
      const body = await accountRequest(request);
      if (body instanceof Response) return body;
      const workflow = store.createWorkflow(body, params.accountId);
      return workflow ? json(200, wire.account(workflow)) : notFound("Account");
    }),

    route("DELETE", "/api/v1/accounts/:accountId", ({ request, params }) => {
      return refuse(request) ?? (store.deleteAccount(params.accountId) ? empty() : notFound("Account"));
    }),

    route("GET", WORKFLOW, ({ request, params }) => {
      const workflow = findWorkflow(request, params);
      return workflow instanceof Response ? workflow : json(200, wire.details(workflow));
    }),

    route("GET", `${WORKFLOW}/status`, ({ request, params }) => {
      const workflow = findWorkflow(request, params);
      return workflow instanceof Response ? workflow : json(200, wire.status(workflow));
    }),

    route("GET", `${WORKFLOW}/steps`, ({ request, params }) => {
      const workflow = findWorkflow(request, params);
      return workflow instanceof Response ? workflow : json(200, wire.steps(workflow));
    }),

    route("DELETE", WORKFLOW, ({ request, params }) => {
      const refused = refuse(request);
      if (refused) return refused;
      return store.deleteWorkflow(params.accountId, params.workflowExecutionId)
        ? empty()
        : notFound("Workflow execution");
    }),

    route("PUT", WORKFLOW, ({ request, params }) => {
      const workflow = findWorkflow(request, params, { contentType: JSON_TYPE });
      if (workflow instanceof Response) return workflow;
      return lifecycle.complete(workflow, "API") ? json(200, wire.finalize(workflow)) : closed(workflow);
    }),

    route("POST", `${WORKFLOW}/credentials/:credentialId/parts/:classifier`, async ({ request, params }) => {
      const workflow = findWorkflow(request, params, { contentType: "multipart/form-data" });
      if (workflow instanceof Response) return workflow;
      const credential = workflow.credentials.find(({ id }) => id === params.credentialId);
      if (!credential) return notFound("Credential");
      const classifier = credential.classifiers.find((item) => item === params.classifier);
      if (!classifier) {
        const message = `must be one of ${credential.classifiers.join(", ")} for a ${credential.category} credential`;
        return fail(400, `Invalid classifier: ${message}.`, { issues: [{ path: "classifier", message }] });
      }
      if (!credential.allowedChannels.includes("API")) {
        return fail(403, `A ${credential.category} credential cannot be uploaded through the API channel.`);
      }
      if (workflow.status !== "INITIATED") return closed(workflow);
      const file = await request.formData().then(
        (form) => form.get("file"),
        () => null,
      );
      if (!(file instanceof Blob)) {
        return fail(400, "Invalid part upload: file is required.", {
          issues: [{ path: "file", message: "is required: a multipart/form-data field with a JPEG or PNG" }],
        });
      }
      try {
        const { bytes, image } = await readPartFile(file);
        credential.parts.set(classifier, { bytes, contentType: image.type, uploaded: true });
      } catch (error) {
        if (!(error instanceof JumioValidationError)) throw error;
        return fail(400, error.message, { issues: error.issues });
      }
      lifecycle.touch(workflow);
      return json(200, wire.upload(workflow, credential));
    }),

    route("GET", "/api/v1/accounts/:accountId/credentials/:credentialId/parts/:classifier", ({ request, params }) => {
      const refused = refuse(request, { contentType: JSON_TYPE });
      if (refused) return refused;
      const credential = store
        .account(params.accountId)
        ?.workflows.flatMap((workflow) => workflow.credentials)
        .find(({ id }) => id === params.credentialId);
      const classifier = partClassifierSchema.safeParse(params.classifier);
      const part = classifier.success ? credential?.parts.get(classifier.data satisfies PartClassifier) : undefined;
      if (!part) return notFound("Image");
      return new Response(new Uint8Array(part.bytes), {
        headers: { "Content-Type": part.contentType, "Cache-Control": "no-store" },
      });
    }),

    // The Status API lists Accept and User-Agent only: no OAuth2.
    route("GET", "/status", ({ request }) => {
      const missing = missingHeader(request);
      return missing ? fail(403, missing) : json(200, { status: "UP" });
    }),
  ];
}
