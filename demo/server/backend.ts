// The demo's backend, as an integrator's would be: the server helper's verification handler,
// a callback receiver and a results endpoint. It talks to the local simulated Jumio, or to
// the real one when JUMIO_CLIENT_ID, JUMIO_CLIENT_SECRET and JUMIO_REGION are set.
import type { IncomingMessage, ServerResponse } from "node:http";
import { startMockJumio, type MockJumio } from "../../src/mock/index.js";
import {
  createJumioClient,
  createVerificationHandler,
  parseCallback,
  toNodeListener,
  type JumioCallback,
  type JumioRegion,
} from "../../src/server/index.js";

export interface DemoBackend {
  /** Origins the element must trust besides Jumio's: the mock's. */
  allowedOrigins: string[];
  /** Connect-style middleware for `/api/*`. */
  middleware: (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
  close(): Promise<void>;
}

const USER_AGENT = "jumio-verification demo/0.1";

function realCredentials() {
  const { JUMIO_CLIENT_ID: clientId, JUMIO_CLIENT_SECRET: clientSecret, JUMIO_REGION: region } = process.env;
  if (!clientId || !clientSecret || !region) return null;
  return { clientId, clientSecret, region: region as JumioRegion };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  response.end(JSON.stringify(body));
}

/** `pageOrigin` is where the demo page is served: Jumio sends the browser back there and calls back there. */
export async function startDemoBackend({ pageOrigin, mockPort }: { pageOrigin: string; mockPort: number }): Promise<DemoBackend> {
  const real = realCredentials();
  const mock: MockJumio | null = real ? null : await startMockJumio({ port: mockPort, host: "127.0.0.1" });
  const jumio = createJumioClient(
    real
      ? { ...real, userAgent: USER_AGENT }
      : { clientId: mock!.clientId, clientSecret: mock!.clientSecret, region: "amer-1", userAgent: USER_AGENT, baseUrls: mock!.baseUrls },
  );
  const callbacks: JumioCallback[] = [];
  let references = 0;

  const verification = toNodeListener(
    createVerificationHandler({
      client: jumio,
      account: () => ({
        request: {
          customerInternalReference: `demo-${++references}`,
          userReference: "demo-user",
          workflowDefinition: { key: 10013 },
          // Jumio cannot reach a laptop: callbacks come only from the local mock.
          ...(mock ? { callbackUrl: `${pageOrigin}/api/callback` } : {}),
          web: { successUrl: `${pageOrigin}/done.html`, errorUrl: `${pageOrigin}/done.html`, locale: "en" },
        },
      }),
      onError: (error) => console.warn("demo backend:", error),
    }),
  );

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>> = {
    "POST /api/verification": (request, response) => verification(request, response),
    "POST /api/callback": async (request, response) => {
      callbacks.push(parseCallback(await readBody(request)));
      response.writeHead(200).end();
    },
    "GET /api/callbacks": async (_request, response) => sendJson(response, 200, callbacks),
    "GET /api/results": async (_request, response, url) => {
      const accountId = url.searchParams.get("accountId") ?? "";
      const workflowExecutionId = url.searchParams.get("workflowExecutionId") ?? "";
      const [status, details] = await Promise.all([
        jumio.getWorkflowStatus(accountId, workflowExecutionId),
        jumio.getWorkflowDetails(accountId, workflowExecutionId),
      ]);
      sendJson(response, 200, { status, details });
    },
    "POST /api/expire-token": async (request, response) => {
      if (!mock) return sendJson(response, 404, { error: "Only the simulated Jumio can expire a token on demand." });
      const { workflowExecutionId } = JSON.parse(await readBody(request)) as { workflowExecutionId: string };
      sendJson(response, 200, { expired: mock.expireToken(workflowExecutionId) });
    },
  };

  return {
    allowedOrigins: mock ? [mock.url] : [],
    middleware: (request, response, next) => {
      const url = new URL(request.url ?? "/", pageOrigin);
      const handle = routes[`${request.method} ${url.pathname}`];
      if (!handle) return next();
      handle(request, response, url).catch((error: unknown) => {
        console.warn("demo backend:", error);
        if (!response.headersSent) sendJson(response, 500, { error: "The demo backend failed; see its console." });
      });
    },
    close: async () => {
      await mock?.close();
    },
  };
}
