// `npm start`: the demo page (vite, on localhost) and its backend in one process. The backend
// talks to the local simulated Jumio on 127.0.0.1 (a second origin, as Jumio's would be), or
// to the real Jumio when JUMIO_CLIENT_ID, JUMIO_CLIENT_SECRET and JUMIO_REGION are set.
import { createServer } from "vite";
import { startDemoBackend } from "../demo/server/backend.js";

const port = Number(process.env.PORT ?? 5173);
const pageOrigin = `http://localhost:${port}`;
// The store of the demo's verifications, kept across restarts (gitignored).
const dataDir = process.env.DEMO_DATA_DIR ?? ".demo-data";
const backend = await startDemoBackend({ pageOrigin, mockPort: port + 1, dataDir });

process.env.VITE_JUMIO_ALLOWED_ORIGINS = backend.allowedOrigins.join(" ");
const vite = await createServer({
  root: "demo",
  server: { port, strictPort: true, host: "localhost" },
  plugins: [{ name: "demo-backend", configureServer: (server) => void server.middlewares.use(backend.middleware) }],
});
await vite.listen();

const jumio =
  backend.allowedOrigins.length > 0 ? `the simulated Jumio at ${backend.allowedOrigins[0]}` : "the real Jumio";
console.log(`\n  jumio-verification demo: ${pageOrigin}/\n  backend: ${pageOrigin}/api/verification, on ${jumio}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void Promise.all([vite.close(), backend.close()]).then(() => process.exit(0)));
}
