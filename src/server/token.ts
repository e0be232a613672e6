interface IssuedToken {
  accessToken: string;
  expiresInMs: number;
}

interface TokenCache {
  /** The cached token while it is fresh; otherwise the one request in flight, started if needed. */
  get(): Promise<string>;
  /** Drops `token` if it is still the cached one (a 401 proved it dead). */
  invalidate(token: string): void;
}

const MAX_REFRESH_MARGIN_MS = 60_000;

/** Renew a token a minute before it expires, or a tenth of its lifetime for short-lived ones. */
function refreshMargin(expiresInMs: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, expiresInMs / 10);
}

export function createTokenCache(issue: () => Promise<IssuedToken>, now: () => number): TokenCache {
  let cached: { value: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  function request(): Promise<string> {
    return issue()
      .then(({ accessToken, expiresInMs }) => {
        cached = { value: accessToken, renewAt: now() + expiresInMs - refreshMargin(expiresInMs) };
        return accessToken;
      })
      .finally(() => {
        pending = undefined;
      });
  }

  return {
    get() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.value);
      pending ??= request();
      return pending;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
  };
}
