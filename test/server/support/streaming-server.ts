import { createServer } from "node:http";
import { TOKEN_PATH } from "./fake-jumio.js";
import { listen } from "./listen.js";

export interface StreamedAnswer {
  status: number;
  /** Written first. */
  head?: string;
  /** Repeated after `head` up to `totalBytes`. */
  filler: string;
  totalBytes: number;
}

/**
 * A stand-in for Jumio whose answers (other than the token's) are `totalBytes` long and
 * written only as fast as the client reads, so that `sent` tells how much it took.
 */
export async function startStreamingServer(answer: StreamedAnswer) {
  const answers: { sent: number; closed: Promise<void> }[] = [];
  const server = createServer((req, res) => {
    if (req.url === TOKEN_PATH) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ access_token: "streamed-token", expires_in: 3600, token_type: "Bearer" }));
      return;
    }
    const record = { sent: 0, closed: new Promise<void>((resolve) => res.once("close", resolve)) };
    answers.push(record);
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    const chunk = Buffer.from(answer.filler.repeat(Math.ceil(65_536 / answer.filler.length)));
    const write = () => {
      while (record.sent < answer.totalBytes && !res.destroyed) {
        const next = (record.sent === 0 && answer.head ? Buffer.from(answer.head) : chunk).subarray(
          0,
          answer.totalBytes - record.sent,
        );
        record.sent += next.byteLength;
        if (!res.write(next)) return void res.once("drain", write);
      }
      res.end();
    };
    write();
  });
  const { url, close } = await listen(server);
  return {
    url,
    baseUrls: { auth: `${url}${TOKEN_PATH}`, account: url, api: url, retrieval: url, status: `${url}/status` },
    answers,
    close,
  };
}
