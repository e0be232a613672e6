import { createHmac, randomBytes, randomUUID } from "node:crypto";

/** The guide: "Your OAuth2 access token is valid for 60 minutes." */
export const ACCESS_TOKEN_LIFETIME_S = 3600;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Mints JWT-shaped tokens (Jumio's are JWTs), signed with a key of this mock's own: opaque to clients. */
export function createTokenMinter(): (claims: Record<string, unknown>) => string {
  const key = randomBytes(32);
  const header = encode({ alg: "HS256", typ: "JWT" });
  return (claims) => {
    const body = `${header}.${encode({ jti: randomUUID(), iss: "jumio-verification-mock", ...claims })}`;
    return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
  };
}

export interface AccessTokens {
  /** A fresh OAuth2 access token and its lifetime in seconds. */
  issue(): { token: string; expiresIn: number };
  isValid(token: string): boolean;
  /** Ends the lifetime of `token` now; `false` if it was never issued. */
  expire(token: string): boolean;
  /** Ends the lifetime of every token issued so far; returns how many were still valid. */
  expireAll(): number;
  clear(): void;
}

/** The OAuth2 access tokens the token endpoint has handed out, each with its expiry. */
export function createAccessTokens(mint: (claims: Record<string, unknown>) => string, now: () => number): AccessTokens {
  const expiries = new Map<string, number>();
  return {
    issue() {
      const issuedAt = now();
      const token = mint({
        iat: Math.floor(issuedAt / 1000),
        exp: Math.floor(issuedAt / 1000) + ACCESS_TOKEN_LIFETIME_S,
      });
      expiries.set(token, issuedAt + ACCESS_TOKEN_LIFETIME_S * 1000);
      return { token, expiresIn: ACCESS_TOKEN_LIFETIME_S };
    },
    isValid(token) {
      const expiry = expiries.get(token);
      return expiry !== undefined && now() < expiry;
    },
    expire(token) {
      if (!expiries.has(token)) return false;
      expiries.set(token, now());
      return true;
    },
    expireAll() {
      let count = 0;
      for (const [token, expiry] of expiries) {
        if (now() < expiry) count++;
        expiries.set(token, now());
      }
      return count;
    },
    clear() {
      expiries.clear();
    },
  };
}
