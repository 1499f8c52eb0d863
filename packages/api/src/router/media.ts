import { createHash, randomUUID } from "node:crypto";
import { imageSize, sniffMimeType } from "@sillage/media";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

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
const LINK_TTL_S = 3600;

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

function decode(data: string): Buffer {
  const m = /^data:[^;,]*(;base64)?,/.exec(data);
  const body = m ? data.slice(m[0].length) : data;
  if (m && !m[1]) return Buffer.from(decodeURIComponent(body), "utf8");
  if (!/^[A-Za-z0-9+/=_-]*$/.test(body.slice(0, 1000))) throw new TRPCError({ code: "BAD_REQUEST", message: "The file must be base64 or a data: URL" });
  return Buffer.from(body, "base64");
}

const COLUMNS = ["id", "storage_key", "mime_type as mimeType", "size_bytes as sizeBytes", "width", "height", "duration_s as durationS", "original_name as originalName", "created_at as createdAt"] as const;

export const mediaRouter = createTRPCRouter({
  /**
   * Stores an image, video or PDF (base64 or data: URL, at most 50 MB). The type is read from the bytes, never the
   * name; width/height (JPEG, PNG) and duration (MP4, MOV) are recorded for validation. Returns a signed link and the
   * storage `key` (what `inbox.reply` takes as `image.key`).
   */
  upload: workspaceProcedure
    .input(z.object({ data: z.string().min(1).max(Math.ceil((MEDIA_MAX_BYTES * 4) / 3) + 200), filename: z.string().trim().max(255).optional() }))
    .mutation(async ({ ctx, input }) => {
      const bytes = decode(input.data);
      if (bytes.byteLength === 0) throw new TRPCError({ code: "BAD_REQUEST", message: "The file is empty" });
      if (bytes.byteLength > MEDIA_MAX_BYTES) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "Files are limited to 50 MB" });
      const mime = sniffMimeType(bytes);
      const ext = mime ? EXTENSIONS[mime] : undefined;
      if (!mime || !ext) throw new TRPCError({ code: "BAD_REQUEST", message: "Unsupported file: upload a JPEG, PNG, WebP, GIF, MP4, MOV or PDF" });
      const size = mime === "image/jpeg" || mime === "image/png" ? imageSize(bytes) : null;
      const durationS = mime.startsWith("video/") ? videoDurationS(bytes) : null;
      const id = randomUUID();
      const key = `${ctx.workspace.id}/${id}.${ext}`;
      await ctx.media.store.put(key, bytes, mime);
      const row = await ctx.db
        .insertInto("media_assets")
        .values({
          id,
          workspace_id: ctx.workspace.id,
          storage_key: key,
          mime_type: mime,
          size_bytes: bytes.byteLength,
          width: size?.width ?? null,
          height: size?.height ?? null,
          duration_s: durationS,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          original_name: input.filename ?? null,
          created_by: ctx.auth.kind === "session" ? ctx.auth.userId : null,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      const { storage_key, ...rest } = row;
      return { ...rest, key: storage_key, sizeBytes: Number(rest.sizeBytes), url: ctx.media.signUrl(storage_key, LINK_TTL_S) };
    }),

  /** A stored file's details with a fresh signed link (valid one hour). */
  get: workspaceProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const row = await ctx.db.selectFrom("media_assets").select(COLUMNS).where("id", "=", input.id).executeTakeFirst();
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "Media not found" });
    const { storage_key, ...rest } = row;
    return { ...rest, key: storage_key, sizeBytes: Number(rest.sizeBytes), url: ctx.media.signUrl(storage_key, LINK_TTL_S) };
  }),
});
