import { z } from "zod";

/** An object shape of optional strings, one per name. */
export function optionalStrings<const Names extends readonly string[]>(names: Names) {
  return Object.fromEntries(names.map((name) => [name, z.string().optional()])) as {
    [Name in Names[number]]: z.ZodOptional<z.ZodString>;
  };
}

/** The guide documents some fields as an object and shows them as an array: accept both, answer an array. */
export function oneOrMany<Item extends z.ZodType>(item: Item) {
  return z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]));
}
