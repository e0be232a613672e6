/** `value` if it is one of `values`, else `fallback`: attributes and loosely typed callers can set anything. */
export function oneOf<T extends string>(values: readonly T[], value: unknown, fallback: T): T {
  return (values as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

/** `value` if it is a positive finite number, else `fallback`. */
export function positiveOr(value: unknown, fallback: number): number {
  return typeof value === "number" && value > 0 && Number.isFinite(value) ? value : fallback;
}

/** Sets (or, for null, removes) an attribute only when it differs, so observers see real changes only. */
export function reflect(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}
