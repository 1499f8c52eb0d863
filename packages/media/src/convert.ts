/**
 * Images made ready for Instagram at upload: Instagram's content publishing takes JPEG only, 4:5 to 1.91:1, at
 * most 1440 px wide and 8 MB (meta-graph-contract.md §3; refusals 2207005 format, 2207009 aspect ratio, 2207004
 * size). PNG, WebP, GIF (first frame), AVIF and HEIC become a JPEG, cropped to the nearest allowed ratio around the
 * centre and scaled down; a JPEG already within the limits is kept byte for byte. sharp's prebuilt libvips has no
 * HEVC decoder (patents), so a HEIC is first decoded by `heic-decode` (libheif compiled to wasm, inside the package).
 */
import { INSTAGRAM_LIMITS } from "@sillage/validators/instagram";
import sharp, { type Metadata, type Sharp } from "sharp";
import { decodeHeic } from "./heic";

export const INSTAGRAM_IMAGE = {
  /** Portrait limit, width / height (4:5). */
  minAspect: INSTAGRAM_LIMITS.feedImageAspect.min,
  /** Landscape limit (1.91:1). */
  maxAspect: INSTAGRAM_LIMITS.feedImageAspect.max,
  maxWidth: INSTAGRAM_LIMITS.imageMaxWidth,
  maxBytes: INSTAGRAM_LIMITS.imageMaxBytes,
} as const;

/** What conversion did, for the composer to say ("PNG converti en JPEG", "recadré en 4:5"). */
export interface ImageConversion {
  from: string;
  to: "image/jpeg";
  /** The ratio the image was cropped to, or null when kept whole. */
  croppedTo: "4:5" | "1.91:1" | null;
  /** Scaled down to fit `maxWidth` (or the size limit). */
  resized: boolean;
  originalWidth: number;
  originalHeight: number;
}

export class ImageConversionError extends Error {
  constructor(
    readonly code: "undecodable",
    message: string,
  ) {
    super(message);
    this.name = "ImageConversionError";
  }
}

/** Types converted for posts: what Instagram refuses but a phone or a design tool commonly produces. */
export const CONVERTIBLE_IMAGE_TYPES = ["image/png", "image/webp", "image/gif", "image/heic", "image/avif"];

/** The crop (centre) that brings width × height within Instagram's ratios, or null when it already is. */
export function instagramCrop(width: number, height: number): { left: number; top: number; width: number; height: number; ratio: "4:5" | "1.91:1" } | null {
  const aspect = width / height;
  if (aspect < INSTAGRAM_IMAGE.minAspect) {
    const h = Math.floor(width / INSTAGRAM_IMAGE.minAspect);
    return { left: 0, top: Math.floor((height - h) / 2), width, height: h, ratio: "4:5" };
  }
  if (aspect > INSTAGRAM_IMAGE.maxAspect) {
    const w = Math.floor(height * INSTAGRAM_IMAGE.maxAspect);
    return { left: Math.floor((width - w) / 2), top: 0, width: w, height, ratio: "1.91:1" };
  }
  return null;
}

/**
 * The bytes Instagram accepts for an image, with what was done, or null when `bytes` (a JPEG) already fit. Throws
 * ImageConversionError when the image cannot be decoded (a HEIC this build of libvips cannot read). `shape: "any"`
 * (a story, a reel's cover: Instagram takes any shape, 9:16 recommended) converts and scales without cropping.
 */
export async function toInstagramJpeg(bytes: Buffer, mime: string, shape: "feed" | "any" = "feed"): Promise<{ bytes: Buffer; width: number; height: number; conversion: ImageConversion } | null> {
  let meta: Metadata;
  let open: () => Sharp = () => sharp(bytes, { animated: false });
  try {
    if (mime === "image/heic") {
      // Decoded pixels, upright (libheif applies the file's rotation and mirroring itself).
      const { width, height, data } = await decodeHeic(bytes);
      const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      open = () => sharp(raw, { raw: { width, height, channels: 4 } });
    }
    meta = await open().metadata();
  } catch {
    throw new ImageConversionError("undecodable", "This image cannot be read: export it as JPEG or PNG");
  }
  // EXIF orientations 5–8 swap width and height once the image is turned upright.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height! : meta.width!;
  const height = turned ? meta.width! : meta.height!;
  const crop = shape === "feed" ? instagramCrop(width, height) : null;
  const fits = mime === "image/jpeg" && !crop && width <= INSTAGRAM_IMAGE.maxWidth && bytes.byteLength <= INSTAGRAM_IMAGE.maxBytes && !turned;
  if (fits) return null;
  const targetW = Math.min(crop?.width ?? width, INSTAGRAM_IMAGE.maxWidth);
  try {
    // Transparency (PNG, WebP) becomes white, as Instagram would show it on a white feed.
    const encode = async (quality: number, w: number) => {
      let img = open().rotate();
      if (crop) img = img.extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height });
      return img
        .resize({ width: w, withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    };
    let out = await encode(90, targetW);
    // Rarely above 8 MB at 1440 px: lower the quality, then the width, until it fits.
    for (const [q, w] of [[80, targetW], [70, Math.round(targetW * 0.75)], [60, Math.round(targetW * 0.5)]] as const) {
      if (out.data.byteLength <= INSTAGRAM_IMAGE.maxBytes) break;
      out = await encode(q, w);
    }
    return {
      bytes: out.data,
      width: out.info.width,
      height: out.info.height,
      conversion: { from: mime, to: "image/jpeg", croppedTo: crop?.ratio ?? null, resized: out.info.width < (crop?.width ?? width), originalWidth: width, originalHeight: height },
    };
  } catch {
    throw new ImageConversionError("undecodable", "This image cannot be read: export it as JPEG or PNG");
  }
}
