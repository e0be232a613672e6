import { randomUUID } from "node:crypto";
import {
  createJumioClient,
  createVerificationService,
  jumioClientOptionsFromEnv,
  openVerificationStore,
} from "jumio-verification/server";
import { saveDecision, signedInUser } from "./users";

const base = process.env.JUMIO_BASE_URL; // the local mock or a proxy: every Jumio service at one origin

async function start() {
  // Several instances (serverless, a cluster): PostgreSQL. One long-lived server: PGlite on disk.
  const store = await openVerificationStore(
    process.env.DATABASE_URL
      ? { connectionString: process.env.DATABASE_URL }
      : { dataDir: process.env.JUMIO_DATA_DIR ?? ".jumio-verification" },
  );
  const service = createVerificationService({
    // JUMIO_CLIENT_ID, JUMIO_CLIENT_SECRET and JUMIO_REGION; on the mock, what npx jumio-verification-mock prints
    client: createJumioClient({ ...jumioClientOptionsFromEnv(process.env), userAgent: "YourCompany YourApp/v1.0" }),
    store,
    callbackUrl: `${process.env.PUBLIC_ORIGIN}/api/jumio/callback`,
    callbackSource: base ? "any" : "jumio",
    trustProxy: 1, // the platform's proxy, whose X-Forwarded-For entry is the caller's address
    onDecision: saveDecision,
  });
  const verification = service.hrefHandler((request) => {
    const user = signedInUser(request.headers.get("cookie"));
    if (!user) return Response.json({ error: "Sign in first" }, { status: 401 });
    return {
      request: { customerInternalReference: randomUUID(), userReference: user, workflowDefinition: { key: 10013 } },
    };
  });
  return { store, service, verification };
}

/** One service per server process, made on first use; on globalThis, as Next.js may load this module more than once. */
const shared = globalThis as typeof globalThis & { jumioVerification?: ReturnType<typeof start> };
export const jumio = () =>
  (shared.jumioVerification ??= start().catch((error: unknown) => {
    delete shared.jumioVerification; // the next request tries again (the database may be back)
    throw error;
  }));
