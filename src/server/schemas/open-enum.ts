import { z } from "zod";

/**
 * A string for which Jumio documents a list of values but keeps adding new ones
 * (labels "will be added in the week of …"): typed with the known values, so editors
 * complete them, and accepted whatever it is, so a new value never breaks parsing.
 */
export function openEnum<const Values extends readonly string[]>(
  values: Values,
): z.ZodType<Values[number] | (string & {}), string> {
  return z.string().meta({ examples: [...values] });
}
