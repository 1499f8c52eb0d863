/** Stored files (`media_assets`): what was uploaded, read from its bytes, and where it is kept. */
import { createHash, randomUUID } from "node:crypto";
import type { Database, ScopedDb } from "@sillage/db";
import { CONVERTIBLE_IMAGE_TYPES, ImageConversionError, toInstagramJpeg, type ImageConversion } from "./convert";
import { imageSize, sniffMimeType } from "./sniff";
import type { MediaStore } from "./store";

type Db = Database | ScopedDb;

/** Largest upload through the API (base64 in JSON): Instagram reels above this are better uploaded elsewhere. */
export const MEDIA_MAX_BYTES = 50 * 1_048_576;
const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "application/pdf": "pdf",
};

export class MediaUploadError extends Error {
  constructor(
    readonly code: "empty" | "too_large" | "unsupported" | "undecodable",
    message: string,
  ) {
    super(message);
    this.name = "MediaUploadError";
  }
}

/** Duration of an MP4/MOV from its `mvhd` box (no video library needed for this). */
export function videoDurationS(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 4; i + 32 < bytes.length; i++) {
    if (bytes[i] !== 0x6d || bytes[i + 1] !== 0x76 || bytes[i + 2] !== 0x68 || bytes[i + 3] !== 0x64) continue; // "mvhd"
    const version = bytes[i + 4];
    const timescale = view.getUint32(i + (version === 1 ? 24 : 16));
    const duration = version === 1 ? Number(view.getBigUint64(i + 28)) : view.getUint32(i + 20);
    return timescale ? Math.round((duration / timescale) * 100) / 100 : null;
  }
  return null;
}

/**
 * Width and height of an MP4/MOV as shown, from its first video track's `tkhd` box (audio tracks say 0 × 0): a
 * phone's portrait video is stored landscape with a quarter-turn matrix, so a turned track swaps them.
 */
export function videoSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 4; i + 8 < bytes.length; i++) {
    if (bytes[i] !== 0x74 || bytes[i + 1] !== 0x6b || bytes[i + 2] !== 0x68 || bytes[i + 3] !== 0x64) continue; // "tkhd"
    // From the version byte: dates, track id and duration (32- or 64-bit), then reserved, layer, volume, the matrix.
    const matrix = i + 4 + (bytes[i + 4] === 1 ? 52 : 40);
    if (matrix + 44 > bytes.length) return null;
    const width = Math.round(view.getUint32(matrix + 36) / 65_536);
    const height = Math.round(view.getUint32(matrix + 40) / 65_536);
    if (!width || !height) continue;
    // Matrix [a b u; c d v; x y w]: a = 0 with b = ±1 is a quarter turn.
    const turned = view.getInt32(matrix) === 0 && Math.abs(view.getInt32(matrix + 4)) === 65_536;
    return turned ? { width: height, height: width } : { width, height };
  }
  return null;
}

const COLUMNS = ["id", "storage_key", "mime_type as mimeType", "size_bytes as sizeBytes", "width", "height", "duration_s as durationS", "original_name as originalName", "created_at as createdAt"] as const;

function publicAsset<R extends { storage_key: string; sizeBytes: number | string }>(row: R) {
  const { storage_key, ...rest } = row;
  return { ...rest, key: storage_key, sizeBytes: Number(rest.sizeBytes) };
}

/**
 * Stores an image, video or PDF. The type is read from the bytes, never the name; width/height (JPEG, PNG, MP4,
 * MOV) and duration (MP4, MOV) are recorded for validation. For a post (`purpose: "post"`), an image Instagram would refuse
 * (PNG, WebP, GIF, HEIC/AVIF where libvips decodes it, a JPEG outside 4:5–1.91:1, wider than 1440 px or above 8 MB)
 * is stored as a JPEG within those limits, and `conversion` says what was done; for a story or a reel's cover
 * (`purpose: "story"`), the same without the crop (any shape). Returns the asset with its `key`.
 */
export async function saveUpload(db: Db, store: MediaStore, input: { workspaceId: string; bytes: Buffer; filename: string | null; createdBy: string | null; purpose?: "post" | "story" | "message" }) {
  let { bytes } = input;
  if (bytes.byteLength === 0) throw new MediaUploadError("empty", "The file is empty");
  if (bytes.byteLength > MEDIA_MAX_BYTES) throw new MediaUploadError("too_large", "Files are limited to 50 MB");
  let mime = sniffMimeType(bytes);
  let conversion: ImageConversion | null = null;
  let size: { width: number; height: number } | null = null;
  if ((input.purpose === "post" || input.purpose === "story") && mime && (mime === "image/jpeg" || CONVERTIBLE_IMAGE_TYPES.includes(mime))) {
    const converted = await toInstagramJpeg(bytes, mime, input.purpose === "story" ? "any" : "feed").catch((err: unknown) => {
      // A JPEG libvips cannot read is kept as sent (as before conversion existed): Instagram takes the format.
      if (err instanceof ImageConversionError && mime === "image/jpeg") return null;
      if (err instanceof ImageConversionError) throw new MediaUploadError("undecodable", err.message);
      throw err;
    });
    if (converted) {
      ({ bytes, conversion } = converted);
      mime = "image/jpeg";
      size = { width: converted.width, height: converted.height };
    }
  }
  const ext = mime ? EXTENSIONS[mime] : undefined;
  if (!mime || !ext) throw new MediaUploadError("unsupported", "Unsupported file: upload a JPEG, PNG, WebP, GIF, MP4, MOV or PDF");
  size ??= mime === "image/jpeg" || mime === "image/png" ? imageSize(bytes) : mime.startsWith("video/") ? videoSize(bytes) : null;
  const durationS = mime.startsWith("video/") ? videoDurationS(bytes) : null;
  const id = randomUUID();
  const key = `${input.workspaceId}/${id}.${ext}`;
  await store.put(key, bytes, mime);
  const row = await db
    .insertInto("media_assets")
    .values({
      id,
      workspace_id: input.workspaceId,
      storage_key: key,
      mime_type: mime,
      size_bytes: bytes.byteLength,
      width: size?.width ?? null,
      height: size?.height ?? null,
      duration_s: durationS,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      original_name: input.filename,
      created_by: input.createdBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...publicAsset(row), conversion };
}

export async function getMediaAsset(db: Db, id: string) {
  const row = await db.selectFrom("media_assets").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row && publicAsset(row);
}

/** A stored file by its storage key (what a reply attaches), or undefined. */
export async function findMediaAssetByKey(db: Db, key: string) {
  const row = await db.selectFrom("media_assets").select(["mime_type", "size_bytes"]).where("storage_key", "=", key).executeTakeFirst();
  return row && { mimeType: row.mime_type, sizeBytes: Number(row.size_bytes) };
}

/** What content validation reads of each file a post names. */
export async function mediaForValidation(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom("media_assets").select(["id", "mime_type", "size_bytes", "width", "height", "duration_s"]).where("id", "in", ids).execute();
  return rows.map((m) => ({ id: m.id, mimeType: m.mime_type, sizeBytes: Number(m.size_bytes), width: m.width, height: m.height, durationS: m.duration_s }));
}
