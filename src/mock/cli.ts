import type { JumioEnv } from "../server/client-env.js";
import { MAX_TIMER_MS } from "../server/clock.js";
import { allowedOriginOf } from "../trust.js";
import { DEFAULT_PROCESSING_DELAY_MS } from "./lifecycle.js";
import type { MockJumio, MockJumioOptions } from "./mock-jumio.js";

export const DEFAULT_CLI_PORT = 5174;

export const CLI_USAGE = `Usage: jumio-verification-mock [--port N] [--host HOST] [--client-id ID] [--client-secret SECRET]
                               [--processing-delay-ms N]

A local simulated Jumio: OAuth2, Account, Retrieval, API channel, callbacks and the web
client's stand-in, on one origin. Defaults: --port ${DEFAULT_CLI_PORT}, --host 127.0.0.1 (loopback addresses
only), --processing-delay-ms ${DEFAULT_PROCESSING_DELAY_MS} (how long a completed capture stays ACQUIRED).
Once it listens it prints the .env lines for jumioClientOptionsFromEnv (jumio-verification/server)
and the element's allowed-origins.`;

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

/** Credentials the CLI prints into `.env` lines as they are: no quoting, and no `:`, which HTTP Basic cannot carry in an id. */
const CREDENTIAL = /^[\w.~+/=-]+$/;

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
    } else if ((key === "clientId" || key === "clientSecret") && !CREDENTIAL.test(value)) {
      throw new Error(`${flag} may hold only letters, digits and . _ ~ + / = -`);
    } else {
      options[key] = value;
    }
  }
  return { help: false, options };
}

/**
 * What the CLI prints once the mock listens: the `.env` block for a backend that calls
 * `jumioClientOptionsFromEnv(process.env)`, and the element's `allowed-origins`.
 */
export function describeStartedMock(mock: Pick<MockJumio, "url" | "clientId" | "clientSecret">): string {
  const env = {
    JUMIO_CLIENT_ID: mock.clientId,
    JUMIO_CLIENT_SECRET: mock.clientSecret,
    JUMIO_BASE_URL: mock.url,
  } satisfies JumioEnv;
  const trusted = allowedOriginOf(mock.url) !== null;
  return [
    `Simulated Jumio listening on ${mock.url}`,
    "",
    "Paste into your backend's .env (the mock's own throwaway credentials):",
    "",
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    "# The element's allowed-origins (a page bundle reads it prefixed: VITE_…, NEXT_PUBLIC_…)",
    `JUMIO_ALLOWED_ORIGINS=${mock.url}`,
    "",
    'Backend: createJumioClient({ ...jumioClientOptionsFromEnv(process.env), userAgent: "YourCompany YourApp/v1.0" }),',
    `  and createVerificationService({ callbackSource: "any", … }): its callbacks do not come from Jumio's hosts.`,
    `Element: <jumio-verification allowed-origins="${mock.url}" …>, to trust the mock's web client.`,
    ...(trusted
      ? []
      : ["  It trusts http: only on localhost, 127.0.0.1 and [::1]: start the mock on one of them (--host)."]),
    `Control API: ${mock.url}/__mock. Press Ctrl+C to stop.`,
  ].join("\n");
}
