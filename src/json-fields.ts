/** Reading fields of untrusted JSON: an object's own fields, or none at all. */
export type Fields = Partial<Record<string, unknown>>;

export const fields = (value: unknown): Fields => (typeof value === "object" && value !== null ? value : {});
