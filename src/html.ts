// The declarative element as HTML, for a server's page: pure (no DOM, no Node built-ins), so it
// runs in edge runtimes too.
import { frameMarkup, type VerificationHtmlOptions } from "./frame-markup.js";

export type { VerificationHtmlOptions } from "./frame-markup.js";

/** Escapes for a double-quoted attribute value, the ones React's server render writes. */
const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  '"': "&quot;",
  "'": "&#x27;",
  "<": "&lt;",
  ">": "&gt;",
};

const attributes = (values: Record<string, string>): string =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${value.replace(/[&"'<>]/g, (character) => ENTITIES[character] ?? character)}"`)
    .join("");

/**
 * The markup of a `<jumio-verification>` that holds its iframe as the page loads, as Jumio's
 * guide asks ("The iFrame must be present when the page loads"); the element adopts it. Every
 * attribute is escaped. Throws an Error for an href the element would not load, and for a bad
 * allowed origin, `size`, `loadTimeout` or `label`; no message holds the href's query.
 *
 * @example
 * response.send(`<main>${renderVerificationHtml({ href: account.web.href })}</main>`);
 */
export function renderVerificationHtml(options: VerificationHtmlOptions): string {
  const { element, frame } = frameMarkup(options);
  const { src, allow, title } = frame;
  return `<jumio-verification${attributes(element)}><iframe${attributes({ src, allow })} allowfullscreen${attributes({ title })}></iframe></jumio-verification>`;
}
