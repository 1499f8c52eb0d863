import { createRequire } from "node:module";

/** One HEIC image as RGBA pixels (4 bytes a pixel, rows top to bottom), upright: libheif applies the file's rotation. */
export interface DecodedHeic {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

// heic-decode is CommonJS and ships no types: typed here, the one call Sillage makes.
const decode = createRequire(import.meta.url)("heic-decode") as (input: { buffer: Uint8Array }) => Promise<DecodedHeic>;

/** Decodes a HEIC (HEVC) with libheif compiled to wasm (sharp's prebuilt libvips has no HEVC decoder). */
export function decodeHeic(bytes: Uint8Array): Promise<DecodedHeic> {
  return decode({ buffer: bytes });
}
