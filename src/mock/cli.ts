import { DEFAULT_PROCESSING_DELAY_MS, MAX_TIMER_MS } from "./lifecycle.js";
import type { MockJumio, MockJumioOptions } from "./mock-jumio.js";

export const DEFAULT_CLI_PORT = 5174;

export const CLI_USAGE = `Usage: jumio-verification-mock [--port N] [--host HOST] [--client-id ID] [--client-secret SECRET]
                               [--processing-delay-ms N]

A local simulated Jumio: OAuth2, Account, Retrieval, API channel, callbacks and the web
client's stand-in, on one origin. Defaults: --port ${DEFAULT_CLI_PORT}, --host 127.0.0.1,
--processing-delay-ms ${DEFAULT_PROCESSING_DELAY_MS} (how long a completed capture stays ACQUIRED).`;

export type CliCommand = { help: true } | { help: false; options: MockJumioOptions };

const FLAGS = {
  "--port": "port",
  "--host": "host",
  "--client-id": "clientId",
  "--client-secret": "clientSecret",
  "--processing-delay-ms": "processingDelayMs",
} as const;

/** The largest value of each whole-number option (the smallest is 0). */
const MAXIMA = { port: 65_535, processingDelayMs: MAX_TIMER_MS };

/** The command line's options (`--port 5174` or `--port=5174`); throws an `Error` naming a bad argument. */
export function parseCliArgs(args: readonly string[]): CliCommand {
  const options: MockJumioOptions = { port: DEFAULT_CLI_PORT };
  for (let index = 0; index < args.length; index++) {
    const [flag = "", inline] = (args[index] ?? "").split(/=(.*)/s);
    if (flag === "--help" || flag === "-h") return { help: true };
    const key = FLAGS[flag as keyof typeof FLAGS];
    if (!key) throw new Error(`Unknown argument: ${flag}`);
    const value = inline ?? args[++index];
    if (value === undefined || value === "") throw new Error(`${flag} needs a value`);
    if (key === "port" || key === "processingDelayMs") {
      const number = Number(value);
      const max = MAXIMA[key];
      if (!Number.isInteger(number) || number < 0 || number > max)
        throw new Error(`${flag} must be 0 to ${max}, not ${value}`);
      options[key] = number;
    } else {
      options[key] = value;
    }
  }
  return { help: false, options };
}

/** What the CLI prints once the mock listens. */
export function describeStartedMock(mock: Pick<MockJumio, "url" | "baseUrls" | "clientId" | "clientSecret">): string {
  const baseUrls = Object.entries(mock.baseUrls).map(([name, url]) => `    ${`${name}:`.padEnd(11)}${url}`);
  return [
    `Simulated Jumio listening on ${mock.url}`,
    `  client id:     ${mock.clientId}`,
    `  client secret: ${mock.clientSecret}`,
    "  baseUrls (createJumioClient):",
    ...baseUrls,
    `  control API:   ${mock.url}/__mock`,
    `  JSON:          ${JSON.stringify({ clientId: mock.clientId, clientSecret: mock.clientSecret, baseUrls: mock.baseUrls })}`,
    "Press Ctrl+C to stop.",
  ].join("\n");
}
