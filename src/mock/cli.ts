import type { MockJumio, MockJumioOptions } from "./mock-jumio.js";

export const DEFAULT_CLI_PORT = 5174;

export const CLI_USAGE = `Usage: jumio-verification-mock [--port N] [--host HOST] [--client-id ID] [--client-secret SECRET]

A local simulated Jumio: OAuth2, Account, Retrieval, API channel, callbacks and the web
client's stand-in, on one origin. Defaults: --port ${DEFAULT_CLI_PORT}, --host 127.0.0.1.`;

export type CliCommand = { help: true } | { help: false; options: MockJumioOptions };

const FLAGS = { "--port": "port", "--host": "host", "--client-id": "clientId", "--client-secret": "clientSecret" } as const;

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
    if (key === "port") {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0 to 65535, not ${value}`);
      options.port = port;
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
