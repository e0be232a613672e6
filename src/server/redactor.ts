const REDACTED = "[redacted]";

export interface Redactor {
  /** Remembers a secret issued later, e.g. a fresh access token. */
  add(secret: string): void;
  /** `text` with every known secret and every one of `also`, raw, URL-encoded or JSON-escaped, replaced. */
  redact(text: string, also?: readonly string[]): string;
  /**
   * A value fresh from `JSON.parse` with every string and key redacted, in place. Parse
   * first, then redact: in the raw text a secret may hide behind escapes (`\/`, `\u0070`).
   */
  redactParsed(value: unknown, also?: readonly string[]): unknown;
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === "object" && value !== null;

/** `permanent` are never forgotten; of the added ones, the newest `capacity` are kept. */
export function createRedactor(permanent: readonly string[], capacity = 16): Redactor {
  const added: string[] = [];
  const variants = (secret: string) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  const redact = (text: string, also: readonly string[] = []) =>
    [...permanent, ...added, ...also]
      .filter((secret) => secret.length > 0)
      .flatMap(variants)
      .reduce((result, secret) => result.replaceAll(secret, REDACTED), text);

  /** Iterative, so that deeply nested JSON cannot overflow the stack. */
  function redactParsed(value: unknown, also?: readonly string[]): unknown {
    if (typeof value === "string") return redact(value, also);
    const pending: Container[] = isContainer(value) ? [value] : [];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      for (const key of Object.keys(node)) {
        const item = (node as Record<string, unknown>)[key];
        if (isContainer(item)) pending.push(item);
        const safeKey = Array.isArray(node) ? key : redact(key, also);
        const safeItem = typeof item === "string" ? redact(item, also) : item;
        if (safeKey === key && safeItem === item) continue;
        if (safeKey !== key) delete (node as Record<string, unknown>)[key];
        // defineProperty, not assignment: a key "__proto__" from JSON.parse stays an own property.
        Object.defineProperty(node, safeKey, { value: safeItem, writable: true, enumerable: true, configurable: true });
      }
    }
    return value;
  }

  return {
    add(secret) {
      added.push(secret);
      if (added.length > capacity) added.shift();
    },
    redact,
    redactParsed,
  };
}
