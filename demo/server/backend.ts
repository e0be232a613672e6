// The demo's backend, as an integrator's would be: the verification service on a PGlite store
// on disk (one for each Jumio: the simulated one's starts over with it), its href endpoint for the element, its callback receiver, and the stored decision.
// It talks to the local simulated Jumio, or to the real one when JUMIO_CLIENT_ID,
// JUMIO_CLIENT_SECRET and JUMIO_REGION are set.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { type MockJumio, startMockJumio } from "../../src/mock/index.js";
import {
  createJumioClient,
  createVerificationService,
  type JumioRegion,
  openVerificationStore,
  toNodeListener,
  type VerificationService,
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

/** The demo's stand-in for a signed-in user: a random id in a cookie, one per browser. */
const userOf = (cookie: string | null | undefined) => /(?:^|;\s*)demo-user=([\w-]{36})(?:;|$)/.exec(cookie ?? "")?.[1];

/**
 * The store of the simulated Jumio's workflows, emptied: that Jumio forgot them when it stopped,
 * and a user's last href would name its old port. Opened first, so that one another demo still
 * has open is not deleted under it; one that cannot be opened otherwise (broken) is deleted too.
 */
async function freshStore(dataDir: string) {
  if (existsSync(dataDir)) {
    const old = await openVerificationStore({ dataDir }).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === "EBUSY") throw error;
    });
    await old?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return openVerificationStore({ dataDir });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/**
 * `pageOrigins` are where the demo page is served, the first its own: Jumio sends the browser
 * back to the one the verification was asked from, and calls back to the first.
 */
export async function startDemoBackend(options: {
  pageOrigins: readonly string[];
  dataDir: string;
}): Promise<DemoBackend> {
  const { pageOrigins } = options;
  const pageOrigin = pageOrigins[0]!;
  const real = realCredentials();
  const mock: MockJumio | null = real ? null : await startMockJumio({ host: "127.0.0.1" });
  const jumio = createJumioClient(
    real
      ? { ...real, userAgent: USER_AGENT }
      : {
          clientId: mock!.clientId,
          clientSecret: mock!.clientSecret,
          region: "amer-1",
          userAgent: USER_AGENT,
          baseUrls: mock!.baseUrls,
        },
  );
  const store = await (mock
    ? freshStore(join(options.dataDir, "simulated"))
    : openVerificationStore({ dataDir: join(options.dataDir, "jumio") })
  ).catch(async (error: unknown) => {
    await mock?.close();
    throw error;
  });
  const service: VerificationService = createVerificationService({
    client: jumio,
    store,
    // Jumio cannot reach a laptop: callbacks come only from the local mock, hence "any".
    callbackUrl: `${pageOrigin}/api/callback`,
    callbackSource: mock ? "any" : "jumio",
    // A demo user may verify again once a decision is in.
    allowRetry: () => true,
    onDecision: (verification) =>
      console.log(
        `demo backend: ${verification.workflowExecutionId} is ${verification.decision ?? verification.status}`,
      ),
    onError: (error, { stage }) => console.warn(`demo backend (${stage}):`, error),
  });

  const hrefs = service.hrefHandler((request) => {
    // Back to the page's own origin, so that done.html can relay the result to it.
    const origin = new URL(request.url).origin;
    const done = `${pageOrigins.includes(origin) ? origin : pageOrigin}/done.html`;
    return {
      request: {
        customerInternalReference: `demo-${randomUUID()}`,
        userReference: userOf(request.headers.get("cookie"))!,
        workflowDefinition: { key: 10013 },
        web: { successUrl: done, errorUrl: done, locale: "en" },
      },
    };
  });

  async function route(request: Request, remoteAddress: string | undefined): Promise<Response | undefined> {
    const { pathname } = new URL(request.url);
    const user = userOf(request.headers.get("cookie"));
    if (pathname === "/api/verification") {
      return user ? hrefs(request) : json(401, { error: { code: "signed_out", message: "Open the demo page first." } });
    }
    if (pathname === "/api/callback") return service.callbackHandler(request, { remoteAddress });
    // The user's erasure; another origin's page cannot send a DELETE without a preflight, which gets no answer.
    if (pathname === "/api/verifications" && request.method === "DELETE") {
      return user ? json(200, await service.forget(user)) : json(404, { error: { code: "not_found" } });
    }
    const stored = /^\/api\/verifications\/([\w-]+)$/.exec(pathname);
    if (stored && request.method === "GET") {
      const verification = await service.getVerification(stored[1]!);
      // Only the user's own verification: the decision is theirs, not the page's to ask for.
      return verification && verification.userReference === user
        ? json(200, verification)
        : json(404, { error: { code: "not_found" } });
    }
    if (pathname === "/api/expire-token" && request.method === "POST") {
      if (!mock) return json(404, { error: { code: "not_found", message: "Only the simulated Jumio can do that." } });
      // JSON only: a page of another origin cannot send it without a CORS preflight, which gets no answer.
      if (!request.headers.get("content-type")?.startsWith("application/json")) {
        return json(415, { error: { code: "unsupported_media_type", message: "Send JSON." } });
      }
      const body: unknown = await request.json().catch(() => undefined);
      const id = (body as { workflowExecutionId?: unknown } | undefined)?.workflowExecutionId;
      const verification = typeof id === "string" ? await service.getVerification(id) : undefined;
      // Only the user's own verification, as for its decision.
      if (!verification || verification.userReference !== user) return json(404, { error: { code: "not_found" } });
      return json(200, { expired: mock.expireToken(verification.workflowExecutionId) });
    }
    return undefined;
  }

  const listener = toNodeListener(
    async (request, info) => (await route(request, info.remoteAddress)) ?? json(404, { error: { code: "not_found" } }),
  );
  return {
    allowedOrigins: mock ? [mock.url] : [],
    middleware: (request, response, next) => {
      if (request.url?.startsWith("/api/")) return void listener(request, response);
      // Signing in, as far as a demo goes: every browser is a user of its own.
      if (!userOf(request.headers.cookie)) {
        response.setHeader("Set-Cookie", `demo-user=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax`);
      }
      next();
    },
    close: async () => {
      await service.close();
      await store.close();
      await mock?.close();
    },
  };
}
