export type SizeClass = "large" | "medium" | "small" | "x-small";
export type SizeOption = "auto" | SizeClass | "fill";

const PINNED: readonly unknown[] = ["large", "medium", "small", "x-small", "fill"] satisfies SizeOption[];

/** Jumio's responsive breaking points (seed: "Size class | Width | Height"), by available width. */
export function sizeClassFor(width: number): SizeClass {
  if (width >= 900) return "large";
  if (width >= 640) return "medium";
  if (width >= 560) return "small";
  return "x-small";
}

/**
 * The class in force: the one `size` pins, or else (`auto`, and anything an attribute or a
 * loosely typed caller set) the one for the element's width, as wide as can be while unknown.
 */
export function sizeClassIn(size: unknown, width = Infinity): SizeClass | "fill" {
  return PINNED.includes(size) ? (size as SizeClass | "fill") : sizeClassFor(width);
}
