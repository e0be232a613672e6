/** `value` if it is one of `values`, else `fallback`: attributes and loosely typed callers can set anything. */
export function oneOf<T extends string>(values: readonly T[], value: unknown, fallback: T): T {
  return (values as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

/** The longest delay a browser timer holds (2³¹ − 1 ms, about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout in ms for a timer: `value` if it is a positive number (at most MAX_TIMER_MS), else `fallback`. */
export function timeoutOr(value: unknown, fallback: number): number {
  return typeof value === "number" && value > 0 ? Math.min(value, MAX_TIMER_MS) : fallback;
}

/** Sets (or, for null, removes) an attribute only when it differs, so observers see real changes only. */
export function reflect(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}
