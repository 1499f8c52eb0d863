import { getMediaAsset, MEDIA_MAX_BYTES, MediaUploadError, saveUpload } from "@sillage/media";
import { oneLineNameSchema } from "@sillage/validators";
import { z } from "zod";
import { apiError } from "../error-codes";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const LINK_TTL_S = 3600;
const UPLOAD_ERRORS = { empty: "BAD_REQUEST", too_large: "PAYLOAD_TOO_LARGE", unsupported: "BAD_REQUEST", undecodable: "BAD_REQUEST" } as const;

function decode(data: string): Buffer {
  const m = /^data:[^;,]*(;base64)?,/.exec(data);
  const body = m ? data.slice(m[0].length) : data;
  if (m && !m[1]) {
    // A percent-encoded data: URL with a broken escape (%E0%A4%A) is refused like any other unreadable file.
    try {
      return Buffer.from(decodeURIComponent(body), "utf8");
    } catch {
      throw apiError("BAD_REQUEST", "upload_not_base64");
    }
  }
  if (!/^[A-Za-z0-9+/=_-]*$/.test(body.slice(0, 1000))) throw apiError("BAD_REQUEST", "upload_not_base64");
  return Buffer.from(body, "base64");
}

export const mediaRouter = createTRPCRouter({
  /**
   * Stores an image, video or PDF (base64 or data: URL, at most 50 MB). The type is read from the bytes, never the
   * name; width/height (JPEG, PNG) and duration (MP4, MOV) are recorded for validation. Returns a signed link and the
   * storage `key` (what `inbox.reply` takes as `image.key`). With `purpose: "post"`, PNG, WebP, GIF, HEIC/AVIF (when
   * decodable) and out-of-limit JPEGs are stored as a JPEG Instagram accepts; `conversion` (else null) says from
   * what, the ratio it was cropped to, and whether it was scaled down. Errors carry `data.appError.code` (`media_*`).
   */
  upload: workspaceProcedure
    .input(
      z.object({
        data: z.string().min(1).max(Math.ceil((MEDIA_MAX_BYTES * 4) / 3) + 200),
        filename: oneLineNameSchema({ max: 255 }).optional(),
        /** `post`: images are made ready for Instagram (JPEG within its ratio, width and size limits); see `conversion`. */
        /** `story`: the same for a story or a reel's cover, without the crop (Instagram takes any shape there, 9:16 recommended). */
        purpose: z.enum(["post", "story", "message"]).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const asset = await saveUpload(ctx.db, ctx.media.store, {
        workspaceId: ctx.workspace.id,
        bytes: decode(input.data),
        filename: input.filename ?? null,
        createdBy: ctx.auth.kind === "session" ? ctx.auth.userId : null,
        purpose: input.purpose,
      }).catch((err: unknown) => {
        if (err instanceof MediaUploadError) throw apiError(UPLOAD_ERRORS[err.code], `media_${err.code}`, {}, err);
        throw err;
      });
      return { ...asset, url: ctx.media.signUrl(asset.key, LINK_TTL_S) };
    }),

  /** A stored file's details with a fresh signed link (valid one hour). */
  get: workspaceProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const asset = await getMediaAsset(ctx.db, input.id);
    if (!asset) throw apiError("NOT_FOUND", "media_not_found");
    return { ...asset, url: ctx.media.signUrl(asset.key, LINK_TTL_S) };
  }),
});
