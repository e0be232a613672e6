const REDACTED = "[redacted]";

export interface Redactor {
  /** Remembers a secret issued later, e.g. a fresh access token. */
  add(secret: string): void;
  /** `text` with every known secret, raw, URL-encoded or JSON-escaped, replaced. */
  redact(text: string): string;
}

/** `permanent` are never forgotten; of the added ones, the newest `capacity` are kept. */
export function createRedactor(permanent: readonly string[], capacity = 16): Redactor {
  const added: string[] = [];
  const variants = (secret: string) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  return {
    add(secret) {
      added.push(secret);
      if (added.length > capacity) added.shift();
    },
    redact(text) {
      return [...permanent, ...added]
        .filter((secret) => secret.length > 0)
        .flatMap(variants)
        .reduce((result, secret) => result.replaceAll(secret, REDACTED), text);
    },
  };
}
