import type { WebhookEvent } from "@sillage/connectors";
import { enqueue } from "@sillage/queue";
import { commentEventJob, type CommentEventPayload } from "../../jobs";
import type { RoutedChannel, Trx } from "../routing";
import { keepUnknown } from "./unknown";

/**
 * A comment webhook is handed to @sillage/comments (which owns the comments and sits above the inbox) through a job
 * in this transaction: the delivery is already stored, the job commits with the delivery's processing, and storage
 * is idempotent on the comment's id, so a retried delivery or a poll that saw it first stores it once. A comment
 * that names no media cannot be placed under a post: kept as an unknown event, never dropped.
 */
export async function applyComment(trx: Trx, deliveryId: number | null, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "comment" }>): Promise<void> {
  if (!e.mediaId) {
    await keepUnknown(trx, deliveryId, ch.workspaceId, e.platform, "comment", "comment without media", e.accountId, e.field, e);
    return;
  }
  const payload: CommentEventPayload = {
    workspaceId: ch.workspaceId,
    channelId: ch.id,
    deliveryId,
    comment: {
      id: e.commentId,
      mediaId: e.mediaId,
      mediaProductType: e.mediaProductType,
      parentId: e.parentId,
      text: e.text,
      from: { id: e.from.id || null, username: e.from.username ?? null },
      own: e.isOwn,
      timestamp: e.timestamp,
      field: e.field,
    },
  };
  await enqueue(trx, commentEventJob, payload);
}
