import * as z from "zod/mini";

// Zod compiles object parsers with `new Function` unless told not to; under a strict CSP even
// its probe for that is reported as a violation, so it must be off before any schema exists.
z.config({ jitless: true });

export { z };
