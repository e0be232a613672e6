export interface ImageInfo {
  type: "image/jpeg" | "image/png";
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
/** Markers without a length field. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

function inspectPng(view: DataView): ImageInfo | undefined {
  const isPng = view.byteLength >= 24 && PNG_SIGNATURE.every((byte, index) => view.getUint8(index) === byte);
  return isPng ? { type: "image/png", width: view.getUint32(16), height: view.getUint32(20) } : undefined;
}

function inspectJpeg(view: DataView): ImageInfo | undefined {
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return undefined;
  let offset = 2;
  while (offset + 9 <= view.byteLength) {
    if (view.getUint8(offset) !== 0xff) return undefined;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1;
    } else if (isStandalone(marker)) {
      offset += 2;
    } else if (isStartOfFrame(marker)) {
      return { type: "image/jpeg", height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    } else {
      offset += 2 + view.getUint16(offset + 2);
    }
  }
  return undefined;
}

/** The format and size of a JPEG or PNG, read from its bytes; `undefined` for anything else. */
export function inspectImage(bytes: Uint8Array): ImageInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return inspectPng(view) ?? inspectJpeg(view);
}
