// `npm start`: the demo page (vite, on localhost) and its backend in one process. The backend
// talks to the local simulated Jumio on 127.0.0.1 (a second origin, as Jumio's would be), or
// to the real Jumio when JUMIO_CLIENT_ID, JUMIO_CLIENT_SECRET and JUMIO_REGION are set.
import { createServer as createHttpServer } from "node:http";
import { createServer } from "vite";
import { startDemoBackend } from "../demo/server/backend.js";

const port = Number(process.env.PORT ?? 5173);
const pageOrigin = `http://localhost:${port}`;
// Other names the demo answers to (a LAN name, or the e2e tests' own): plain http on them is not a secure context.
const hosts = (process.env.DEMO_HOSTS ?? "").split(",").filter(Boolean);
// The store of the demo's verifications, kept across restarts (gitignored).
const dataDir = process.env.DEMO_DATA_DIR ?? ".demo-data";
const pageOrigins = [pageOrigin, `http://127.0.0.1:${port}`, ...hosts.map((host) => `http://${host}:${port}`)];
// The simulated Jumio on a free port: its CLI's 5174 may be taken by one you started yourself.
const backend = await startDemoBackend({ pageOrigins, dataDir });

// The demo framed by another origin of the same site, without allow="camera": the camera check and the handover.
const framedOrigin = `http://localhost:${port + 2}`;
const framed = createHttpServer((_request, response) => {
  response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>The demo in a frame without allow="camera"</title>
<p>The demo below is in an iframe of another origin (${framedOrigin}) that does not allow the camera.</p>
<iframe src="${pageOrigin}/" title="jumio-verification demo" width="100%" height="1000"></iframe>
</html>`);
});
await new Promise<void>((resolve) => framed.listen(port + 2, "localhost", resolve));

process.env.VITE_JUMIO_ALLOWED_ORIGINS = backend.allowedOrigins.join(" ");
const vite = await createServer({
  root: "demo",
  // No CORS of Vite's own: the backend's answers carry what the verification service decides.
  server: { port, strictPort: true, host: "localhost", allowedHosts: hosts, cors: false },
  plugins: [{ name: "demo-backend", configureServer: (server) => void server.middlewares.use(backend.middleware) }],
});
await vite.listen();

const jumio =
  backend.allowedOrigins.length > 0 ? `the simulated Jumio at ${backend.allowedOrigins[0]}` : "the real Jumio";
console.log(
  `\n  jumio-verification demo: ${pageOrigin}/\n  backend: ${pageOrigin}/api/verification, on ${jumio}` +
    `\n  in a frame without allow="camera" (the camera check and the handover): ${framedOrigin}/\n`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    framed.close();
    void Promise.all([vite.close(), backend.close()]).then(() => process.exit(0));
  });
}
