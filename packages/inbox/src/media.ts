// Inbound media: fetched through the connector (WhatsApp media id → fresh URL → bytes; Instagram attachment URL),
// size- and type-checked, stored (local folder or S3). The message exists whatever happens here: a failed fetch
// is recorded on its message_media row (attempts, last_error) and retried with backoff by the job runner.

import { loadChannel } from "@sillage/channels";
import { isPlatformError } from "@sillage/connectors";
import { raiseWorkspaceEvent, sql } from "@sillage/db";
import { sniffMimeType } from "@sillage/media";
import type { InboxDeps } from "./deps";
import { MAX_MEDIA_BYTES } from "./model";

/** Declared types kept as opaque downloads when their bytes have no recognisable signature (documents). */
const DOCUMENT_TYPES = new Set([
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/zip",
]);

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "application/pdf": "pdf",
};

/** The type the bytes are stored and served as, or null to reject them. HTML/SVG/scripts are never served as such. */
export function acceptedMediaType(bytes: Uint8Array, declared: string | null): string | null {
  const sniffed = sniffMimeType(bytes);
  if (sniffed) return sniffed;
  const base = declared?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (DOCUMENT_TYPES.has(base)) return "application/octet-stream";
  return null;
}

export type MediaFetchOutcome = "stored" | "rejected" | "failed" | "retry" | "skipped";

/**
 * One attempt at fetching a message's media. `attempt`/`maxAttempts` come from the job: a retryable failure
 * before the last attempt returns "retry" (the caller throws so the runner backs off), the last one "failed".
 */
export async function fetchMessageMedia(
  deps: InboxDeps,
  input: { workspaceId: string; mediaId: string },
  attempt: { attempt: number; maxAttempts: number },
): Promise<{ outcome: MediaFetchOutcome; error?: string }> {
  const row = await deps.db
    .selectFrom("message_media")
    .innerJoin("messages", "messages.id", "message_media.message_id")
    .select([
      "message_media.id",
      "message_media.status",
      "message_media.platform_media_id",
      "message_media.source_url",
      "message_media.mime_type",
      "messages.channel_id",
      "messages.conversation_id",
      "messages.id as message_id",
    ])
    .where("message_media.id", "=", input.mediaId)
    .where("message_media.workspace_id", "=", input.workspaceId)
    .executeTakeFirst();
  if (!row || row.status === "stored" || row.status === "rejected") return { outcome: "skipped" };

  const finish = async (status: "stored" | "rejected" | "failed" | "pending", fields: { storage_key?: string; mime_type?: string; size_bytes?: number; last_error?: string | null }) => {
    await deps.db
      .updateTable("message_media")
      .set({ status, attempts: sql`attempts + 1`, updated_at: deps.clock.now(), ...fields })
      .where("id", "=", row.id)
      .execute();
    if (status !== "pending") {
      await raiseWorkspaceEvent(deps.db, input.workspaceId, "inbox.media", { conversationId: row.conversation_id, messageId: row.message_id, status });
    }
  };

  const loaded = await loadChannel(deps.db, deps.secretBox, row.channel_id);
  if (!loaded || loaded.row.status === "disconnected") {
    await finish("failed", { last_error: "The channel is disconnected: the media can no longer be fetched." });
    return { outcome: "failed", error: "channel disconnected" };
  }
  const connector = deps.connectors.get(loaded.channel.platform);
  let downloaded;
  try {
    downloaded = await connector.downloadMedia(loaded.channel, {
      mediaId: loaded.channel.platform === "whatsapp" ? (row.platform_media_id ?? undefined) : undefined,
      url: row.source_url ?? undefined,
    });
  } catch (err) {
    const message = isPlatformError(err) ? err.userMessage : "Could not download the media.";
    const retryable = isPlatformError(err) ? err.retryable : true;
    const last = attempt.attempt >= attempt.maxAttempts;
    await finish(retryable && !last ? "pending" : "failed", { last_error: message });
    return { outcome: retryable && !last ? "retry" : "failed", error: message };
  }
  if (downloaded.bytes.byteLength > MAX_MEDIA_BYTES) {
    await finish("rejected", { size_bytes: downloaded.bytes.byteLength, last_error: `Larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB` });
    return { outcome: "rejected", error: "too large" };
  }
  const type = acceptedMediaType(downloaded.bytes, downloaded.mimeType ?? row.mime_type);
  if (!type) {
    await finish("rejected", { size_bytes: downloaded.bytes.byteLength, last_error: `Unsupported file type (${downloaded.mimeType ?? "unknown"})` });
    return { outcome: "rejected", error: "unsupported type" };
  }
  const key = `${input.workspaceId}/inbox/${row.id}.${EXTENSIONS[type] ?? "bin"}`;
  await deps.media.store.put(key, downloaded.bytes, type);
  await finish("stored", { storage_key: key, mime_type: type, size_bytes: downloaded.bytes.byteLength, last_error: null });
  return { outcome: "stored" };
}
