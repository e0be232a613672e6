import type { FailureDetails } from "./answers.js";
import type { Lifecycle } from "./lifecycle.js";
import type { Store } from "./store.js";
import type { AccessTokens } from "./tokens.js";
import type { Wire } from "./wire.js";

/** What the route modules share: the mock's settings and state. */
export interface MockContext {
  clientId: string;
  clientSecret: string;
  origin: string;
  now: () => number;
  store: Store;
  lifecycle: Lifecycle;
  accessTokens: AccessTokens;
  wire: Wire;
  /** An error answer stamped with the mock's time (see `failure`). */
  fail(status: number, message: string, details?: FailureDetails): Response;
}
