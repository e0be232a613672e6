// `npm start`: the demo page (vite, on localhost) with the element embedding the simulated
// Jumio web client, served from a second origin (127.0.0.1) as Jumio's would be.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createServer as createViteServer } from "vite";
import { webClientPage } from "../src/mock/web-client.js";

const port = Number(process.env.PORT ?? 5173);
const pageOrigin = `http://localhost:${port}`;
const clientOrigin = `http://127.0.0.1:${port + 1}`;

const client = createServer((request, response) => {
  const url = new URL(request.url ?? "/", clientOrigin);
  if (url.pathname === "/web/v4/app") {
    const page = webClientPage({
      accountId: randomUUID(),
      workflowExecutionId: randomUUID(),
      authorizationToken: url.searchParams.get("authorizationToken") ?? "",
      customerInternalReference: "demo-user-42",
      successUrl: `${pageOrigin}/done.html`,
      errorUrl: `${pageOrigin}/done.html`,
    });
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page);
  } else if (url.pathname === "/web/v4/complete" && request.method === "POST") {
    response.writeHead(204).end();
  } else {
    response.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => client.listen(port + 1, "127.0.0.1", resolve));

process.env.VITE_JUMIO_CLIENT_ORIGIN = clientOrigin;
const vite = await createViteServer({ root: "demo", server: { port, strictPort: true, host: "localhost" } });
await vite.listen();
console.log(`\n  jumio-verification demo: ${pageOrigin}/\n  simulated Jumio web client: ${clientOrigin}/web/v4/app\n`);
