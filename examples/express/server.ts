import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import express from "express";
import {
  createJumioClient,
  createVerificationService,
  jumioClientOptionsFromEnv,
  openVerificationStore,
  renderVerificationHtml,
  toNodeListener,
  type VerificationHref,
} from "jumio-verification/server";
import { decisions, saveDecision, signedInUser } from "../users.js";
import { verificationPage } from "./page.js";

const base = process.env.JUMIO_BASE_URL; // the local mock or a proxy: every Jumio service at one origin
const store = await openVerificationStore({ dataDir: process.env.JUMIO_DATA_DIR ?? ".jumio-verification" });
const service = createVerificationService({
  // JUMIO_CLIENT_ID, JUMIO_CLIENT_SECRET and JUMIO_REGION; on the mock, what npx jumio-verification-mock prints
  client: createJumioClient({ ...jumioClientOptionsFromEnv(process.env), userAgent: "YourCompany YourApp/v1.0" }),
  store,
  callbackUrl: `${process.env.PUBLIC_ORIGIN}/api/jumio/callback`,
  callbackSource: base ? "any" : "jumio",
  trustProxy: 0, // the number of proxies in front of this app (a load balancer: 1)
  onDecision: saveDecision,
});

const hrefHandler = service.hrefHandler((request) => {
  const user = signedInUser(request.headers.get("cookie"));
  if (!user) return Response.json({ error: "Sign in first" }, { status: 401 });
  return {
    request: { customerInternalReference: randomUUID(), userReference: user, workflowDefinition: { key: 10013 } },
  };
});
const elementScript = fileURLToPath(import.meta.resolve("jumio-verification/jumio-verification.min.js"));

const app = express();
app.post("/api/jumio/verification", toNodeListener(hrefHandler));
app.post("/api/jumio/callback", toNodeListener(service.callbackHandler));
// The page holds the frame in its HTML: the href is the endpoint's answer, asked by the server itself.
app.get("/verify", async (req, res) => {
  const cookie = req.headers.cookie;
  if (!signedInUser(cookie)) return void res.status(401).send("Sign in first");
  const url = `${process.env.PUBLIC_ORIGIN}/api/jumio/verification`;
  const answer = await hrefHandler(new Request(url, { method: "POST", headers: { cookie: cookie! } }));
  // allowedOrigins: the mock's web client is on its own origin, which the element trusts only when named.
  const content = answer.ok
    ? renderVerificationHtml({ href: ((await answer.json()) as VerificationHref).href, allowedOrigins: base ?? [] })
    : "<p>Your verification is done or being processed, or cannot start now: try again later.</p>";
  res.status(answer.status).type("html").send(verificationPage(content));
});
app.get("/jumio-verification.min.js", (_req, res) => res.sendFile(elementScript));
// The page asks for its user's decision once Jumio's web client is done.
app.get("/api/jumio/decision", (req, res) => {
  const user = signedInUser(req.headers.cookie);
  const verification = user === undefined ? undefined : decisions.get(user);
  res.status(verification ? 200 : 404).json(verification ?? { error: "No decision yet" });
});
// The user's right to erasure: their verifications here and at Jumio, and what onDecision saved.
app.delete("/api/jumio/verification", async (req, res) => {
  const user = signedInUser(req.headers.cookie);
  if (!user) return void res.status(401).json({ error: "Sign in first" });
  const forgotten = await service.forget(user);
  decisions.delete(user);
  res.json(forgotten);
});
const server = app.listen(Number(process.env.PORT ?? 3000), () =>
  console.log(`listening on ${process.env.PORT ?? 3000}`),
);

process.on("SIGTERM", () => {
  server.close();
  void service.close().then(() => store.close());
});
