import { JumioValidationError } from "./errors.js";
import { type ImageInfo, inspectImage } from "./image.js";

/**
 * The guide's limits for an API-channel upload: "JPEG, PNG (max. size 5 MB and max
 * resolution of 8000 x 8000)". 5 MB read as 5,000,000 bytes, the stricter reading.
 */
export const MAX_PART_BYTES = 5_000_000;
export const MAX_PART_DIMENSION = 8000;

export type PartFile = Uint8Array | ArrayBuffer | Blob;

async function toBytes(file: PartFile): Promise<Uint8Array | undefined> {
  if (file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  if (file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  return undefined;
}

function problems(bytes: Uint8Array | undefined, image: ImageInfo | undefined): string[] {
  if (bytes === undefined) return ["must be a Uint8Array, an ArrayBuffer or a Blob"];
  return [
    ...(bytes.byteLength > MAX_PART_BYTES
      ? [`must be at most 5 MB (${MAX_PART_BYTES} bytes), is ${bytes.byteLength} bytes`]
      : []),
    ...(image === undefined ? ["must be a JPEG or PNG image"] : []),
    ...(image && Math.max(image.width, image.height) > MAX_PART_DIMENSION
      ? [`must be at most 8000 x 8000 pixels, is ${image.width} x ${image.height}`]
      : []),
  ];
}

/** The file's bytes and format, or a `JumioValidationError` on `file` before anything is sent. */
export async function readPartFile(file: PartFile): Promise<{ bytes: Uint8Array; image: ImageInfo }> {
  const bytes = await toBytes(file);
  const image = bytes && inspectImage(bytes);
  const found = problems(bytes, image);
  if (!bytes || !image || found.length > 0) {
    throw new JumioValidationError(
      "Invalid part upload",
      found.map((message) => ({ path: "file", message })),
    );
  }
  return { bytes, image };
}
