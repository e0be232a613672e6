// The backend: the verification service behind the app's /api (a Vite app's dev server proxies it).
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import {
  createJumioClient,
  createVerificationService,
  jumioClientOptionsFromEnv,
  openVerificationStore,
  toNodeListener,
} from "jumio-verification/server";

const port = Number(process.env.PORT ?? 3000);

// Your session lookup: here everyone is one user, so that the app runs as it is.
const signedInUser = (_request: Request) => "newcomer";

const store = await openVerificationStore({ dataDir: ".jumio-verification" });
const service = createVerificationService({
  // On the mock, the .env lines npx jumio-verification-mock prints; for Jumio, your credentials and JUMIO_REGION.
  client: createJumioClient({ ...jumioClientOptionsFromEnv(process.env), userAgent: "YourCompany YourApp/v1.0" }),
  store,
  // Where Jumio (here, the mock) posts its callbacks; in production, your public https origin's.
  callbackUrl: `${process.env.PUBLIC_ORIGIN ?? `http://localhost:${port}`}/api/jumio/callback`,
  // The mock's callbacks do not come from Jumio's hosts.
  callbackSource: process.env.JUMIO_BASE_URL ? "any" : "jumio",
  // Verify as often as you like while trying it out; by default a decision is final.
  allowRetry: () => true,
  // Your database: Jumio's decision, once it has checked the documents.
  onDecision: (verification) => console.log(`Decision for ${verification.userReference}: ${verification.decision}`),
});

const verification = service.hrefHandler((request) => ({
  request: {
    customerInternalReference: randomUUID(),
    userReference: signedInUser(request),
    workflowDefinition: { key: 10013 },
  },
}));

// A plain HTML page's files, served here beside the API (a Vite app's pages are Vite's).
const files: Partial<Record<string, [path: string, type: string]>> = {
  "/": ["public/index.html", "text/html; charset=utf-8"],
  "/jumio-verification.min.js": [
    fileURLToPath(import.meta.resolve("jumio-verification/jumio-verification.min.js")),
    "text/javascript",
  ],
};

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (request.method === "POST" && pathname === "/api/jumio/verification") return verification(request);
  if (request.method === "POST" && pathname === "/api/jumio/callback") return service.callbackHandler(request);
  const id = /^\/api\/jumio\/verifications\/([\w-]+)$/.exec(pathname)?.[1];
  if (request.method === "GET" && id) {
    // The stored status and decision, for the user they belong to only.
    const stored = await service.getVerification(id);
    if (stored?.userReference === signedInUser(request)) {
      return Response.json({ status: stored.status, decision: stored.decision });
    }
  }
  const file = request.method === "GET" ? files[pathname] : undefined;
  const body = file && (await readFile(file[0]).catch(() => undefined));
  if (body) return new Response(body, { headers: { "content-type": file[1] } });
  return Response.json({ error: "Not found" }, { status: 404 });
}

const server = createServer(toNodeListener(route)).listen(port, () => {
  console.log(`Backend listening on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    void service.close().then(() => store.close());
  });
}
