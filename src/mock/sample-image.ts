import { crc32, deflateSync } from "node:zlib";
import type { PartClassifier } from "../server/schemas/identifiers.js";

type Rgb = readonly [number, number, number];

const PAPER: Rgb = [226, 236, 244];
const INK: Rgb = [60, 72, 96];
const SOFT_INK: Rgb = [150, 162, 184];
const BAND: Rgb = [31, 95, 214];
const SKIN: Rgb = [224, 184, 150];
const HAIR: Rgb = [92, 64, 51];
const SHIRT: Rgb = [70, 110, 150];
const BACKDROP: Rgb = [208, 214, 222];

/** An RGB raster with just what a sample document needs: rectangles and ellipses. */
class Raster {
  readonly pixels: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = Buffer.alloc(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  rect(x: number, y: number, width: number, height: number, color: Rgb): this {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      for (let column = Math.max(0, x); column < Math.min(this.width, x + width); column++) {
        this.pixels.set(color, (row * this.width + column) * 3);
      }
    }
    return this;
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, color: Rgb): this {
    for (let row = Math.max(0, cy - ry); row <= Math.min(this.height - 1, cy + ry); row++) {
      const half = Math.round(rx * Math.sqrt(Math.max(0, 1 - ((row - cy) / ry) ** 2)));
      this.rect(cx - half, row, 2 * half + 1, 1, color);
    }
    return this;
  }

  /** A head-and-shoulders portrait filling the box. */
  portrait(x: number, y: number, width: number, height: number): this {
    const cx = x + Math.round(width / 2);
    this.rect(x, y, width, height, BACKDROP);
    this.ellipse(cx, y + height, Math.round(width * 0.45), Math.round(height * 0.3), SHIRT);
    this.rect(x, y + height, width, this.height, PAPER);
    this.ellipse(cx, y + Math.round(height * 0.38), Math.round(width * 0.26), Math.round(height * 0.24), HAIR);
    return this.ellipse(cx, y + Math.round(height * 0.43), Math.round(width * 0.22), Math.round(height * 0.22), SKIN);
  }

  /** Grey bars standing for printed lines. */
  lines(x: number, y: number, widths: readonly number[], color: Rgb = SOFT_INK): this {
    for (const [index, width] of widths.entries()) this.rect(x, y + index * 22, width, 10, color);
    return this;
  }

  png(): Uint8Array {
    const rowBytes = this.width * 3;
    const scanlines = Buffer.alloc((rowBytes + 1) * this.height);
    for (let row = 0; row < this.height; row++) {
      this.pixels.copy(scanlines, row * (rowBytes + 1) + 1, row * rowBytes, (row + 1) * rowBytes);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return new Uint8Array(
      Buffer.concat([
        signature,
        chunk("IHDR", header),
        chunk("IDAT", deflateSync(scanlines)),
        chunk("IEND", Buffer.alloc(0)),
      ]),
    );
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

/** ID-1 card proportions (85.6 × 54 mm). */
const CARD = { width: 428, height: 270 } as const;

function cardFront(passport: boolean): Raster {
  const card = new Raster(CARD.width, CARD.height, PAPER).rect(0, 0, CARD.width, 36, BAND);
  card.portrait(20, 56, 110, 140).lines(150, 60, [180, 120, 200, 90, 150]);
  return passport
    ? card.lines(20, 220, [388, 388], INK) // the machine-readable zone
    : card.lines(150, 180, [60]).rect(20, 214, 110, 24, SOFT_INK); // a signature box
}

function cardBack(): Raster {
  const card = new Raster(CARD.width, CARD.height, PAPER).lines(20, 24, [240, 200, 260]);
  for (let x = 20; x < 408; x += 7) card.rect(x, 120, x % 3 === 0 ? 4 : 2, 70, INK); // a barcode
  return card.lines(20, 212, [388], INK);
}

const selfie = () => new Raster(240, 320, BACKDROP).portrait(0, 20, 240, 300);

const cache = new Map<string, Uint8Array>();

/**
 * A small PNG standing for a captured part: a card front (with an MRZ for a passport), a
 * card back with a barcode, or a head-and-shoulders portrait for FACE and FACEMAP.
 */
export function samplePartImage(classifier: PartClassifier, documentType = "PASSPORT"): Uint8Array {
  const key = `${classifier}:${classifier === "FRONT" && documentType === "PASSPORT" ? "passport" : "card"}`;
  let image = cache.get(key);
  if (!image) {
    const raster =
      classifier === "FRONT" ? cardFront(documentType === "PASSPORT") : classifier === "BACK" ? cardBack() : selfie();
    image = raster.png();
    cache.set(key, image);
  }
  return image;
}
